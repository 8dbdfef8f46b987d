using System.Net;
using System.Text.Json;
using FineTuneWorkflows.Activities.Results;
using FineTuneWorkflows.Tests.Cli;
using FineTuneWorkflows.Tests.Replay.History;
using FineTuneWorkflows.Tests.Starter.Scripted;
using FineTuneWorkflows.Wire;
using FineTuneWorkflows.Workflows;
using Temporalio.Api.Enums.V1;

namespace FineTuneWorkflows.Tests.Starter;

/// <summary>
/// The starter serves a succeeded job's stored files and loss-curve pictures from the artifact
/// store, by the names its result lists, and nothing else; <c>ftw result --out</c> downloads them.
/// Temporal is scripted: the workflow has completed with a result naming real files.
/// </summary>
public sealed class ArtifactRouteTests : IAsyncDisposable
{
    private const string Id = "ftjob-0123456789abcdef0123456789abcdef";

    private readonly string folder = Path.Combine(Path.GetTempPath(), $"ftw-artifacts-{Guid.NewGuid():N}");
    private readonly ScriptedTemporal temporal = new();
    private readonly StarterFactory starter;
    private readonly HttpClient http;
    private readonly byte[] png;

    public ArtifactRouteTests()
    {
        var jobFolder = Directory.CreateDirectory(Path.Combine(folder, "ftjob-provider-1")).FullName;
        png = MetricsChart.Render([new StepMetrics(1, 2.0, null, null, null), new StepMetrics(2, 1.0, null, null, null)], "t")!.Value.Png;
        File.WriteAllBytes(Path.Combine(jobFolder, "loss-curve.png"), png);
        File.WriteAllText(Path.Combine(jobFolder, "file-r-step_metrics.csv"), "step,train_loss\n1,2.0\n2,1.0\n");
        var result = new FineTuneResult(
            "ftjob-provider-1", JobStatus.Succeeded, "ft:m", 10, ["file-r"], new MetricsSummary(2, 2, 1.0, 1.0, null, null, null, null, null, null),
            [
                new ResultArtifact("file-r", "step_metrics.csv", Path.Combine(jobFolder, "file-r-step_metrics.csv"), 30, "x"),
                new ResultArtifact("file-r", "loss-curve.png", Path.Combine(jobFolder, "loss-curve.png"), png.Length, "y"),
                new ResultArtifact("file-r", "loss-curve.svg", Path.Combine(jobFolder, "loss-curve.svg"), 1, "z"),
            ],
            []);
        temporal.Workflows[Id] = new ScriptedWorkflow(Id, WorkflowExecutionStatus.Completed, new Dictionary<string, Temporalio.Api.Common.V1.Payload>(), new FineTuningJob { Id = "ftjob-provider-1", Status = JobStatus.Succeeded })
        {
            Result = TemporalPayloads.Payload(result),
        };
        starter = new StarterFactory(new Dictionary<string, string?> { ["Artifacts:Folder"] = folder }, temporal.Client);
        http = starter.CreateAuthorizedClient();
    }

    public async ValueTask DisposeAsync()
    {
        http.Dispose();
        await starter.DisposeAsync();
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task Result_ListsEachArtifactWithTheUrlThatServesIt()
    {
        using var result = JsonDocument.Parse(await http.GetStringAsync($"{StarterCalls.Jobs}/{Id}/result", StarterCalls.Ct));

        Assert.Equal(
            [$"/v1/fine_tuning/jobs/{Id}/artifacts/file-r-step_metrics.csv", $"/v1/fine_tuning/jobs/{Id}/artifacts/loss-curve.png", $"/v1/fine_tuning/jobs/{Id}/artifacts/loss-curve.svg"],
            result.RootElement.GetProperty("artifacts").EnumerateArray().Select(a => a.GetProperty("url").GetString()));
    }

    [Fact]
    public async Task Artifact_APicture_IsServedAsStored()
    {
        using var response = await http.GetAsync($"{StarterCalls.Jobs}/{Id}/artifacts/loss-curve.png", StarterCalls.Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(png, await response.Content.ReadAsByteArrayAsync(StarterCalls.Ct));
    }

    [Theory]
    [InlineData("nothing.png", "artifact_not_found")]
    [InlineData("..%2F..%2Fetc%2Fpasswd", "artifact_not_found")]
    [InlineData("loss-curve.svg", "artifact_not_readable")]
    public async Task Artifact_NotListedOrNotReadable_Is404SayingWhich(string name, string code)
    {
        var error = await StarterCalls.ErrorAsync(await http.GetAsync($"{StarterCalls.Jobs}/{Id}/artifacts/{name}", StarterCalls.Ct), HttpStatusCode.NotFound);

        Assert.Equal(code, error.Text("code"));
    }

    [Fact]
    public async Task FtwResult_Out_DownloadsTheRecordAndEveryReadableArtifact()
    {
        var ftw = new Ftw(new Dictionary<string, string?> { ["FTW_BASE_URL"] = "http://localhost/v1", ["FTW_API_KEY"] = StarterFactory.Key }, starter.CreateClient());
        var target = Path.Combine(folder, "download");

        var (exit, output, error) = await ftw.RunAsync("result", Id, "--out", target);

        // The SVG is listed but was never stored: the download stops there and says so.
        Assert.Equal(1, exit);
        Assert.Contains("loss-curve.svg answered 404: Job ftjob-0123456789abcdef0123456789abcdef's artifact 'loss-curve.svg' is stored at", error, StringComparison.Ordinal);
        Assert.Equal(png, await File.ReadAllBytesAsync(Path.Combine(target, "loss-curve.png"), StarterCalls.Ct));
        Assert.Equal("step,train_loss\n1,2.0\n2,1.0\n", await File.ReadAllTextAsync(Path.Combine(target, "file-r-step_metrics.csv"), StarterCalls.Ct));
        Assert.True(File.Exists(Path.Combine(target, "result.json")));
        Assert.False(File.Exists(Path.Combine(target, "loss-curve.svg.partial")));
        Assert.Contains($"Wrote {Path.Combine(target, "result.json")}", output, StringComparison.Ordinal);
        Assert.Contains($"Wrote {Path.Combine(target, "loss-curve.png")} ({png.Length:N0} bytes)", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FtwResult_PrintsTheModelTheMetricsAndEachArtifact()
    {
        var ftw = new Ftw(new Dictionary<string, string?> { ["FTW_BASE_URL"] = "http://localhost/v1", ["FTW_API_KEY"] = StarterFactory.Key }, starter.CreateClient());

        var (exit, output, _) = await ftw.RunAsync("result", Id);

        Assert.Equal(0, exit);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal($"{Id}  succeeded  model ft:m  trained tokens 10", lines[0]);
        Assert.StartsWith("Metrics: rows 2, last_step 2, final_train_loss 1, best_train_loss 1", lines[1], StringComparison.Ordinal);
        Assert.Equal($"Artifact loss-curve.png ({png.Length} bytes, sha256 y) at /v1/fine_tuning/jobs/{Id}/artifacts/loss-curve.png", lines[3]);
        Assert.Equal(5, lines.Length);
    }

    [Fact]
    public async Task FtwResult_Json_IsTheStartersRecordAlone()
    {
        var ftw = new Ftw(new Dictionary<string, string?> { ["FTW_BASE_URL"] = "http://localhost/v1", ["FTW_API_KEY"] = StarterFactory.Key }, starter.CreateClient());

        var (exit, output, _) = await ftw.RunAsync("result", Id, "--json");

        Assert.Equal(0, exit);
        using var record = JsonDocument.Parse(output);
        Assert.Equal("ft:m", record.RootElement.GetProperty("fine_tuned_model").GetString());
        Assert.Equal(3, record.RootElement.GetProperty("artifacts").GetArrayLength());
    }
}
