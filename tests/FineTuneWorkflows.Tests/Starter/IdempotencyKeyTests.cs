using System.Net;
using System.Text;
using FineTuneWorkflows.Tests.Starter.Scripted;
using Temporalio.Api.Enums.V1;
using Temporalio.Converters;

namespace FineTuneWorkflows.Tests.Starter;

/// <summary>
/// Idempotency-Key as the IETF draft has it: the same key and body give the same job, the same
/// key with another body is a 422. Temporal is scripted (see <see cref="ScriptedTemporal"/>).
/// </summary>
public sealed class IdempotencyKeyTests : IAsyncDisposable
{
    private const string Key = "order-42";

    // JobIds pins this mapping of "order-42" (JobIdsTests).
    private const string JobId = "ftjob-9b048bebe90c3c71c6e9704fb3999734";

    private const string Body = """{"model":"gpt-4o-mini","training_file":"file-a","suffix":"s","seed":7,"metadata":{"team":"nlp","run":"1"}}""";

    private const string ReusedMessage =
        "This Idempotency-Key was already used with a different request body (job ftjob-9b048bebe90c3c71c6e9704fb3999734). Send the same body again to get that job, or use a new key for a new job.";

    private readonly ScriptedTemporal temporal = new();
    private readonly StarterFactory starter;
    private readonly HttpClient http;

    public IdempotencyKeyTests()
    {
        starter = new StarterFactory(null, temporal.Client);
        http = starter.CreateAuthorizedClient();
    }

    public async ValueTask DisposeAsync()
    {
        http.Dispose();
        await starter.DisposeAsync();
    }

    private async Task<HttpResponseMessage> CreateAsync(string body, string key = Key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, StarterCalls.Jobs) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("Idempotency-Key", key);
        return await http.SendAsync(request, StarterCalls.Ct);
    }

    private static async Task<string> IdOfAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync(StarterCalls.Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        using var document = System.Text.Json.JsonDocument.Parse(text);
        return document.RootElement.GetProperty("id").GetString()!;
    }

    private static async Task AssertReusedAsync(HttpResponseMessage response)
    {
        var error = await StarterCalls.ErrorAsync(response, HttpStatusCode.UnprocessableEntity);
        Assert.Equal("invalid_request_error", error.Text("type"));
        Assert.Equal("Idempotency-Key", error.Text("param"));
        Assert.Equal("idempotency_key_reused", error.Text("code"));
        Assert.Equal(ReusedMessage, error.Text("message"));
    }

    [Fact]
    public async Task Create_SameKeySameBody_ReturnsTheSameJob()
    {
        var first = await IdOfAsync(await CreateAsync(Body));
        var second = await IdOfAsync(await CreateAsync(Body));

        Assert.Equal(JobId, first);
        Assert.Equal(JobId, second);
        Assert.Equal(1, temporal.Starts);
    }

    [Fact]
    public async Task Create_SameKeySameRequestSpelledDifferently_ReturnsTheSameJob()
    {
        var respelled = """
            { "metadata" : { "run" : "1", "team" : "nlp" },
              "seed" : 7, "suffix" : "s", "validation_file" : null,
              "training_file" : "file-\u0061", "model" : "gpt-4o-mini" }
            """;

        var first = await IdOfAsync(await CreateAsync(Body));
        var second = await IdOfAsync(await CreateAsync(respelled));

        Assert.Equal(first, second);
    }

    [Theory]
    [InlineData("""{"model":"gpt-4o","training_file":"file-a","suffix":"s","seed":7,"metadata":{"team":"nlp","run":"1"}}""")]
    [InlineData("""{"model":"gpt-4o-mini","training_file":"file-a","suffix":"s","seed":8,"metadata":{"team":"nlp","run":"1"}}""")]
    [InlineData("""{"model":"gpt-4o-mini","training_file":"file-a","suffix":"s","seed":7,"metadata":{"team":"nlp","run":"2"}}""")]
    [InlineData("""{"model":"gpt-4o-mini","training_file":"file-a","suffix":"s","seed":7}""")]
    public async Task Create_SameKeyDifferentBodyWhileTheJobRuns_Returns422(string otherBody)
    {
        await IdOfAsync(await CreateAsync(Body));

        await AssertReusedAsync(await CreateAsync(otherBody));
        Assert.Equal(1, temporal.Starts);
    }

    [Fact]
    public async Task Create_SameKeyDifferentBodyAfterTheJobEnded_Returns422()
    {
        await IdOfAsync(await CreateAsync(Body));
        temporal.Workflows[JobId] = temporal.Workflows[JobId] with { Status = WorkflowExecutionStatus.Completed };

        await AssertReusedAsync(await CreateAsync(Body.Replace("file-a", "file-b", StringComparison.Ordinal)));
        Assert.Equal(JobId, await IdOfAsync(await CreateAsync(Body)));
    }

    [Fact]
    public async Task Create_SameKeyDifferentBodyJoiningACreateThatFails_Returns422NotTheOthersRefusal()
    {
        temporal.RefuseWith = "ProviderInvalidRequest";
        await StarterCalls.ErrorAsync(await CreateAsync(Body), HttpStatusCode.BadRequest);

        await AssertReusedAsync(await CreateAsync(Body.Replace("file-a", "file-b", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Create_SameKeyOnAJobStartedBeforeBodiesWereCompared_ReturnsTheJob()
    {
        // The memo as it was written before it held a digest of the body.
        var memo = DataConverter.Default.PayloadConverter.ToPayload(new { TrainingFile = "file-a", ValidationFile = (string?)null, Suffix = (string?)null });
        temporal.Workflows[JobId] = new ScriptedWorkflow(JobId, WorkflowExecutionStatus.Running, new Dictionary<string, Temporalio.Api.Common.V1.Payload> { ["request"] = memo }, null);

        Assert.Equal(JobId, await IdOfAsync(await CreateAsync(Body.Replace("file-a", "file-b", StringComparison.Ordinal))));
    }

    [Fact]
    public async Task Create_DifferentKeysDifferentBodies_TwoJobs()
    {
        var first = await IdOfAsync(await CreateAsync(Body, "key-1"));
        var second = await IdOfAsync(await CreateAsync(Body.Replace("file-a", "file-b", StringComparison.Ordinal), "key-2"));

        Assert.NotEqual(first, second);
        Assert.Equal(2, temporal.Starts);
    }
}
