using System.Net;
using System.Text;

namespace FineTuneWorkflows.Tests.Starter;

/// <summary>
/// Every way a create body is refused. Temporal is out of reach, so each answer other than 503
/// shows the request was refused before any connection, let alone a workflow, was tried.
/// </summary>
public class CreateValidationTests(DeadTemporalStarter factory) : IClassFixture<DeadTemporalStarter>
{
    private readonly HttpClient http = factory.CreateAuthorizedClient();

    [Theory]
    [InlineData("{bad", null, null)]
    [InlineData("", null, null)]
    [InlineData("[1,2]", null, null)]
    [InlineData("""{"model":"m","training_file":"file-a","foo":1}""", "foo", "unknown_parameter")]
    [InlineData("""{"model":"m","training_file":"file-a","Model":"m"}""", "Model", "unknown_parameter")]
    [InlineData("""{"model":"m","model":"n","training_file":"file-a"}""", "model", "duplicate_parameter")]
    [InlineData("""{"training_file":"file-a"}""", "model", "missing_required_parameter")]
    [InlineData("""{"model":"m"}""", "training_file", "missing_required_parameter")]
    [InlineData("""{"model":null,"training_file":"file-a"}""", "model", "missing_required_parameter")]
    [InlineData("""{"model":"","training_file":"file-a"}""", "model", "invalid_value")]
    [InlineData("""{"model":5,"training_file":"file-a"}""", "model", "invalid_type")]
    [InlineData("""{"model":"m","training_file":"file/../a"}""", "training_file", "invalid_value")]
    [InlineData("""{"model":"m","training_file":"file-a","seed":"x"}""", "seed", "invalid_type")]
    [InlineData("""{"model":"m","training_file":"file-a","seed":1.5}""", "seed", "invalid_type")]
    [InlineData("""{"model":"m","training_file":"file-a","seed":"5"}""", "seed", "invalid_type")]
    [InlineData("""{"model":"m","training_file":"file-a","seed":-1}""", "seed", "invalid_value")]
    [InlineData("""{"model":"m","training_file":"file-a","seed":2147483648}""", "seed", "invalid_value")]
    [InlineData("""{"model":"m","training_file":"file-a","seed":9223372036854775807}""", "seed", "invalid_value")]
    [InlineData("""{"model":"m","training_file":"file-a","suffix":7}""", "suffix", "invalid_type")]
    [InlineData("""{"model":"m","training_file":"file-a","hyperparameters":[]}""", "hyperparameters", "invalid_type")]
    [InlineData("""{"model":"m","training_file":"file-a","hyperparameters":{"n_epochs":"many"}}""", "hyperparameters.n_epochs", "invalid_type")]
    [InlineData("""{"model":"m","training_file":"file-a","hyperparameters":{"batch_size":true}}""", "hyperparameters.batch_size", "invalid_type")]
    [InlineData("""{"model":"m","training_file":"file-a","hyperparameters":{"n_epochs":0}}""", "hyperparameters.n_epochs", "invalid_value")]
    [InlineData("""{"model":"m","training_file":"file-a","hyperparameters":{"epochs":3}}""", "hyperparameters.epochs", "invalid_value")]
    [InlineData("""{"model":"m","training_file":"file-a","method":{"type":"dpo","dpo":{"hyperparameters":{"beta":"x"}}}}""", "method.dpo.hyperparameters.beta", "invalid_type")]
    [InlineData("""{"model":"m","training_file":"file-a","method":{"type":"magic"}}""", "method.type", "invalid_value")]
    [InlineData("""{"model":"m","training_file":"file-a","metadata":{"k":1}}""", "metadata.k", "invalid_type")]
    [InlineData("""{"model":"m","training_file":"file-a","metadata":"k"}""", "metadata", "invalid_type")]
    [InlineData("""{"model":"m","training_file":"file-a","integrations":[{"type":"slack"}]}""", "integrations[0].type", "invalid_value")]
    [InlineData("""{"model":"m","training_file":"file-a","integrations":[{"type":"wandb","wandb":{"project":"p","tags":5}}]}""", "integrations[0].wandb.tags", "invalid_value")]
    public async Task Create_InvalidBody_Returns400NamingTheField(string body, string? param, string? code)
    {
        var error = await StarterCalls.ErrorAsync(await http.PostJsonAsync(body), HttpStatusCode.BadRequest);

        Assert.Equal("invalid_request_error", error.Text("type"));
        Assert.Equal(param, error.Text("param"));
        Assert.Equal(code, error.Text("code"));
        Assert.False(string.IsNullOrWhiteSpace(error.Text("message")));
    }

    [Fact]
    public async Task Create_MalformedJson_SaysTheBodyIsNotJson()
    {
        var error = await StarterCalls.ErrorAsync(await http.PostJsonAsync("{\"model\":"), HttpStatusCode.BadRequest);

        Assert.StartsWith("We could not parse the JSON body of your request.", error.Text("message"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_WrongHyperparameterType_SaysNumberOrAuto()
    {
        var error = await StarterCalls.ErrorAsync(
            await http.PostJsonAsync("""{"model":"m","training_file":"file-a","hyperparameters":{"n_epochs":"many"}}"""), HttpStatusCode.BadRequest);

        Assert.Equal("Invalid type for 'hyperparameters.n_epochs': must be a number or \"auto\", but got the string \"many\".", error.Text("message"));
    }

    [Fact]
    public async Task Create_UnknownField_NamesItLikeOpenAI()
    {
        var error = await StarterCalls.ErrorAsync(
            await http.PostJsonAsync("""{"model":"m","training_file":"file-a","n_epochs":3}"""), HttpStatusCode.BadRequest);

        Assert.Equal("Unrecognized request argument supplied: n_epochs", error.Text("message"));
    }

    [Fact]
    public async Task Create_SuffixOver64Characters_Returns400()
    {
        var body = $$"""{"model":"m","training_file":"file-a","suffix":"{{new string('s', 65)}}"}""";

        var error = await StarterCalls.ErrorAsync(await http.PostJsonAsync(body), HttpStatusCode.BadRequest);

        Assert.Equal("suffix", error.Text("param"));
        Assert.Contains("at most 64", error.Text("message"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("model", 257)]
    [InlineData("model", 10_000)]
    [InlineData("training_file", 257)]
    [InlineData("validation_file", 257)]
    [InlineData("suffix", 65)]
    public async Task Create_FieldKeptInTemporalOverItsLimit_Returns400NamingIt(string field, int length)
    {
        // model becomes a keyword search attribute, the files and suffix the memo: Temporal
        // refuses over-long ones, so they must be refused here, as the caller's mistake.
        var fields = new Dictionary<string, string> { ["model"] = "gpt-4o-mini", ["training_file"] = "file-a" };
        fields[field] = new string('a', length);
        var body = System.Text.Json.JsonSerializer.Serialize(fields);

        var error = await StarterCalls.ErrorAsync(await http.PostJsonAsync(body), HttpStatusCode.BadRequest);

        Assert.Equal(field, error.Text("param"));
        Assert.Equal("invalid_value", error.Text("code"));
    }

    [Fact]
    public async Task Create_ModelOver256Characters_SaysTheLimit()
    {
        var body = $$"""{"model":"{{new string('m', 300)}}","training_file":"file-a"}""";

        var error = await StarterCalls.ErrorAsync(await http.PostJsonAsync(body), HttpStatusCode.BadRequest);

        Assert.Equal("'model' is 300 characters; at most 256 are allowed.", error.Text("message"));
    }

    [Fact]
    public async Task Create_SeedOutOfRange_SaysTheRange()
    {
        var error = await StarterCalls.ErrorAsync(await http.PostJsonAsync("""{"model":"m","training_file":"file-a","seed":-1}"""), HttpStatusCode.BadRequest);

        Assert.Equal("Invalid value for 'seed': must be a whole number from 0 to 2147483647, not -1.", error.Text("message"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2147483647)]
    public async Task Create_SeedAtTheEndsOfItsRange_PassesValidation(long seed)
    {
        var error = await StarterCalls.ErrorAsync(await http.PostJsonAsync($$"""{"model":"m","training_file":"file-a","seed":{{seed}}}"""), HttpStatusCode.ServiceUnavailable);

        Assert.Equal("temporal_unavailable", error.Text("code"));
    }

    [Fact]
    public async Task Create_FieldsAtTheirLimits_PassValidation()
    {
        var body = $$"""{"model":"{{new string('m', 256)}}","training_file":"{{new string('t', 256)}}","validation_file":"{{new string('v', 256)}}","suffix":"{{new string('s', 64)}}"}""";

        // Accepted: the next step is Temporal, which is out of reach.
        var error = await StarterCalls.ErrorAsync(await http.PostJsonAsync(body), HttpStatusCode.ServiceUnavailable);

        Assert.Equal("temporal_unavailable", error.Text("code"));
    }

    [Theory]
    [InlineData(17, 1, 1, "metadata")]
    [InlineData(1, 65, 1, "metadata")]
    [InlineData(1, 1, 513, "metadata.k")]
    public async Task Create_MetadataOverTheLimits_Returns400(int pairs, int keyLength, int valueLength, string param)
    {
        var metadata = string.Join(",", Enumerable.Range(0, pairs).Select(i => $"\"{(i == 0 ? new string('k', keyLength) : $"k{i}")}\":\"{new string('v', valueLength)}\""));
        var body = $$$"""{"model":"m","training_file":"file-a","metadata":{{{{metadata}}}}}""";

        var error = await StarterCalls.ErrorAsync(await http.PostJsonAsync(body), HttpStatusCode.BadRequest);

        Assert.Equal(param, error.Text("param"));
    }

    [Fact]
    public async Task Create_BodyOverOneMegabyte_Returns413()
    {
        var body = $$"""{"model":"m","training_file":"file-a","suffix":"{{new string('s', 1024 * 1024)}}"}""";

        var error = await StarterCalls.ErrorAsync(await http.PostJsonAsync(body), HttpStatusCode.RequestEntityTooLarge);

        Assert.Equal("request_too_large", error.Text("code"));
    }

    [Fact]
    public async Task Create_OversizeBodyWithoutContentLength_Returns413()
    {
        using var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(new string(' ', (1024 * 1024) + 1) + "{}")));
        content.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, StarterCalls.Jobs) { Content = content };
        request.Headers.TransferEncodingChunked = true;

        var error = await StarterCalls.ErrorAsync(await http.SendAsync(request, StarterCalls.Ct), HttpStatusCode.RequestEntityTooLarge);

        Assert.Equal("request_too_large", error.Text("code"));
    }

    [Fact]
    public async Task Create_NotJsonContentType_Returns415InTheEnvelope()
    {
        using var content = new StringContent(StarterCalls.SeedBody, Encoding.UTF8, "text/plain");

        var error = await StarterCalls.ErrorAsync(await http.PostAsync(StarterCalls.Jobs, content, StarterCalls.Ct), HttpStatusCode.UnsupportedMediaType);

        Assert.Equal("unsupported_media_type", error.Text("code"));
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("tab\tinside")]
    [InlineData(null)]
    public async Task Create_UnusableIdempotencyKey_Returns400(string? key)
    {
        key ??= new string('k', 256);
        using var request = new HttpRequestMessage(HttpMethod.Post, StarterCalls.Jobs) { Content = new StringContent(StarterCalls.SeedBody, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);

        var error = await StarterCalls.ErrorAsync(await http.SendAsync(request, StarterCalls.Ct), HttpStatusCode.BadRequest);

        Assert.Equal("Idempotency-Key", error.Text("param"));
    }
}
