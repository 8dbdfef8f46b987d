using System.Text;
using System.Text.Json;
using FineTuneWorkflows.Cli.Pricing;
using FineTuneWorkflows.Cli.Validation;
using FineTuneWorkflows.Simulator.Hosting;
using FineTuneWorkflows.Tests.Support;

namespace FineTuneWorkflows.Tests.Cli;

/// <summary>What an adversarial review of ftw found, each held in place: every one failed on the code it was found in.</summary>
public sealed class ReviewFindingsTests : IAsyncLifetime
{
    private const string Ok = """{"messages":[{"role":"system","content":"s"},{"role":"user","content":"u"},{"role":"assistant","content":"a"}]}""";
    private static readonly string TenOk = string.Concat(Enumerable.Repeat(Ok + "\n", 10));

    private readonly HttpClient http = new();
    private SimulatorHost simulator = null!;

    public async ValueTask InitializeAsync() => simulator = await SimulatorHost.StartAsync(ProviderRig.QuickJobs(), ct: Ftw.Ct);

    public async ValueTask DisposeAsync()
    {
        await simulator.DisposeAsync();
        http.Dispose();
    }

    private static async Task<ValidationReport> ValidateAsync(byte[] bytes, int maxLineBytes = TrainingFileValidator.DefaultMaxLineBytes)
    {
        using var file = new MemoryStream(bytes);
        return await TrainingFileValidator.ValidateAsync(file, "f", "gpt-4o-mini", ModelTable.Shipped(), null, maxLineBytes, Ftw.Ct);
    }

    private static Task<ValidationReport> ValidateAsync(string text) => ValidateAsync(Encoding.UTF8.GetBytes(text));

    private static string Findings(ValidationReport report) => string.Join("; ", report.Findings.Select(f => $"{f.Rule.Code}:{string.Join(',', f.FirstLines)}"));

    [Fact]
    public async Task Create_AMisspelledOption_IsRefused_AndNoJobIsMade()
    {
        var (exit, _, error) = await Ftw.Against(simulator.BaseUrl, http).RunAsync("create", "--model", "gpt-4o-mini", "--training-file", "file-x", "--epoch", "7");

        Assert.Equal(2, exit);
        Assert.Equal("ftw: Unknown option 'epoch'.", error.Trim());
        Assert.Equal(0, simulator.State.JobsCreated);
    }

    [Fact]
    public async Task Create_AnswerLostToA5xx_IsNotSentAgain_ForAProviderWouldMakeASecondJob()
    {
        // --base-url may be a provider itself, which ignores the Idempotency-Key: one create goes out, and the key is printed to retry by hand.
        simulator.State.InjectFault("POST", "/v1/fine_tuning/jobs", "502-html", times: 3);

        var (exit, output, error) = await Ftw.Against(simulator.BaseUrl, http).RunAsync("create", "--model", "gpt-4o-mini", "--training-file", "file-x");

        Assert.Equal(2, exit);
        Assert.Contains("answered 502", error, StringComparison.Ordinal);
        Assert.Contains("run it again with --idempotency-key ftw-", output, StringComparison.Ordinal);
        Assert.Equal(1, simulator.State.TotalCalls);
    }

    [Fact]
    public async Task Validate_AFolder_SaysSo()
    {
        var folder = Path.GetTempPath().TrimEnd('/');

        var (exit, _, error) = await Ftw.Against(simulator.BaseUrl, http).RunAsync("validate", folder);

        Assert.Equal(2, exit);
        Assert.Equal($"ftw: {folder} is a folder; give the training file (JSONL) itself", error.Trim());
    }

    [Fact]
    public async Task Validate_InvalidUtf8_IsThatLinesError_AndTheRestIsChecked()
    {
        var bytes = Encoding.UTF8.GetBytes(TenOk).Concat("{\"messages\":[],\"meta\":\""u8.ToArray()).Concat(new byte[] { 0xFF }).Concat("\"}\n"u8.ToArray())
            .Concat(Encoding.UTF8.GetBytes("[]\n")).ToArray();

        var report = await ValidateAsync(bytes);

        Assert.Equal("invalid_utf8:11; data_type:12", Findings(report));
    }

    [Fact]
    public async Task Validate_DeeplyNestedToolSchema_IsJson()
    {
        var deep = string.Concat(Enumerable.Repeat("{\"a\":", 70)) + "1" + new string('}', 70);
        var line = """{"tools":[{"type":"function","function":{"name":"f","parameters":""" + deep + """}}],"messages":[{"role":"system","content":"s"},{"role":"user","content":"u"},{"role":"assistant","content":"a"}]}""";

        Assert.Equal("", Findings(await ValidateAsync(line + "\n" + TenOk)));
    }

    [Fact]
    public async Task Validate_ALineOfExactlyTheBound_WithAWindowsEnding_IsRead()
    {
        var padded = Ok[..^1] + ",\"x\":\"" + new string('y', 1024 - Ok.Length - 7) + "\"}";
        Assert.Equal(1024, padded.Length);

        var report = await ValidateAsync(Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(padded + "\r\n", 10)) + Ok + "\r\n"), maxLineBytes: 1024);

        Assert.Equal("", Findings(report));
    }

    [Theory]
    [InlineData("""{"messages":[{"role":"system","content":"s"},{"role":5,"content":"u"},{"role":"assistant","content":"a"}]}""", "unrecognized_role:11; missing_user_message:11")]
    [InlineData("""{"messages":[{"role":"system","content":"s"},{"role":"user","content":"u"},{"role":"assistant","content":"","function_call":{"name":"f","arguments":"{}"}}]}""", "")]
    [InlineData("""{"messages":[{"role":"system","content":"s"},{"role":"user","content":[{"type":"text"}]},{"role":"assistant","content":"a"}]}""", "missing_content:11")]
    public async Task Validate_RecipeCases_AreNamedAsTheRecipeNamesThem(string line, string expected) =>
        Assert.Equal(expected, Findings(await ValidateAsync(TenOk + line + "\n")));

    [Fact]
    public async Task Validate_AGarbledFirstLine_DoesNotDecideTheFormat()
    {
        var dpo = """{"input":{"messages":[{"role":"system","content":"s"},{"role":"user","content":"q"}]},"preferred_output":[{"role":"assistant","content":"a"}],"non_preferred_output":[{"role":"assistant","content":"b"}]}""";

        var report = await ValidateAsync("{\"messages\":5}\n" + string.Concat(Enumerable.Repeat(dpo + "\n", 10)));

        Assert.Equal("missing_messages_list:1", Findings(report));
        Assert.Equal(ExampleFormat.Dpo, report.Format);
    }

    [Fact]
    public async Task Validate_ALineBreakingTwoRules_CountsOnceAmongTheLinesWithErrors()
    {
        var twoRules = """{"messages":[{"role":"system","content":"s"},{"role":"user","content":"u","foo":1},{"role":"robot","content":"a"}]}""";

        var report = await ValidateAsync(TenOk + twoRules + "\n");

        Assert.Equal(1, report.ErrorLines);
    }

    [Fact]
    public async Task Upload_Json_RefusedForErrors_PrintsTheReportAsJson()
    {
        var (exit, output, _) = await Ftw.Against(simulator.BaseUrl, http).RunAsync("upload", TrainingFileValidatorTests.Fixture("data_type.jsonl"), "--json");

        Assert.Equal(1, exit);
        using var report = JsonDocument.Parse(output);
        Assert.False(report.RootElement.GetProperty("ok").GetBoolean());
        Assert.Equal(0, simulator.State.Stats().Files);
    }

    [Theory]
    [InlineData("{bad", "is not JSON")]
    [InlineData("""{"model":"m","training_file":"f","method":"dpo"}""", "must be an object")]
    public async Task Create_ABodyFileItCannotUse_IsOneLine(string body, string expected)
    {
        var path = Path.GetTempFileName();
        await File.WriteAllTextAsync(path, body, Ftw.Ct);

        var (exit, _, error) = await Ftw.Against(simulator.BaseUrl, http).RunAsync("create", "--body", path, "--epochs", "3");

        Assert.Equal(2, exit);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
        Assert.Equal(0, simulator.State.JobsCreated);
    }
}
