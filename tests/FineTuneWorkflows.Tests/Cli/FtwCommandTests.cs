using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using FineTuneWorkflows.Simulator.Hosting;
using FineTuneWorkflows.Tests.Starter;
using FineTuneWorkflows.Tests.Support;
using FineTuneWorkflows.Wire;

namespace FineTuneWorkflows.Tests.Cli;

/// <summary>
/// <c>ftw</c> over real HTTP against the simulator, which answers the same routes as the starter
/// for everything that needs no workflow, and against the starter itself where it must be.
/// </summary>
public sealed partial class FtwCommandTests : IAsyncLifetime
{
    private readonly HttpClient http = new();
    private SimulatorHost simulator = null!;
    private Ftw ftw = null!;

    public async ValueTask InitializeAsync()
    {
        simulator = await SimulatorHost.StartAsync(ProviderRig.QuickJobs(TimeSpan.FromMilliseconds(400)), ct: Ftw.Ct);
        ftw = Ftw.Against(simulator.BaseUrl, http);
    }

    public async ValueTask DisposeAsync()
    {
        await simulator.DisposeAsync();
        http.Dispose();
    }

    [Fact]
    public async Task Upload_ACleanFile_SendsItsBytesForFineTuning_AndPrintsTheId()
    {
        var path = TrainingFileValidatorTests.Fixture("clean.jsonl");

        var (exit, output, _) = await ftw.RunAsync("upload", path);

        Assert.Equal(0, exit);
        var id = FileId().Match(output).Groups[1].Value;
        var stored = simulator.State.FindFile(id);
        Assert.NotNull(stored);
        Assert.Equal("fine-tune", stored.Purpose);
        Assert.Equal("clean.jsonl", stored.Filename);
        Assert.Equal(await File.ReadAllBytesAsync(path, Ftw.Ct), stored.Content);
    }

    [Fact]
    public async Task Upload_AFileWithErrors_IsRefusedBeforeAnyUpload_UnlessForced()
    {
        var path = TrainingFileValidatorTests.Fixture("data_type.jsonl");

        var (exit, output, _) = await ftw.RunAsync("upload", path);

        Assert.Equal(1, exit);
        Assert.Contains("Not uploaded", output, StringComparison.Ordinal);
        Assert.Equal(0, simulator.State.Stats().Files);

        var (forced, _, _) = await ftw.RunAsync("upload", path, "--force");
        Assert.Equal(0, forced);
        Assert.Equal(1, simulator.State.Stats().Files);
    }

    [Fact]
    public async Task Upload_NoProviderKey_SaysWhereToPutIt_AndSendsNothing()
    {
        var keyless = Ftw.Against(simulator.BaseUrl, http, providerKey: null);

        var (exit, _, error) = await keyless.RunAsync("upload", TrainingFileValidatorTests.Fixture("clean.jsonl"));

        Assert.Equal(2, exit);
        Assert.Equal("ftw: an upload needs the provider's key: --provider-key or OPENAI_API_KEY", error.Trim());
        Assert.Equal(0, simulator.State.Stats().TotalCalls);
    }

    [Fact]
    public async Task Create_SendsTheFlagsAsTheBody_UnderThePrintedIdempotencyKey()
    {
        var (exit, output, _) = await ftw.RunAsync("create", "--model", "gpt-4o-mini-2024-07-18", "--training-file", "file-abc", "--suffix", "bot", "--epochs", "3");

        Assert.Equal(0, exit);
        var key = Regex.Match(output, @"Idempotency key (ftw-[0-9a-f]{32})").Groups[1].Value;
        Assert.Equal(1, simulator.State.JobsCreatedFor(key));
        var job = Assert.Single(simulator.State.Stats().JobsCreatedByKey);
        Assert.Equal(key, job.Key);
        Assert.Matches(@"ftjob-\S+\s+validating_files\s+gpt-4o-mini-2024-07-18", output);
    }

    [Fact]
    public async Task List_AfterTwoCreates_PagesNewestFirst()
    {
        var first = await CreateAsync();
        var second = await CreateAsync();

        var (exit, output, _) = await ftw.RunAsync("list", "--limit", "1");

        Assert.Equal(0, exit);
        Assert.Contains(second, output, StringComparison.Ordinal);
        Assert.DoesNotContain(first, output, StringComparison.Ordinal);
        Assert.Contains($"More: ftw list --after {second}", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watch_PlainOutput_ShowsEachStatusAndTheSteps_UntilItSucceeds()
    {
        var id = await CreateAsync();

        var (exit, output, _) = await ftw.RunAsync("watch", id, "--interval", "0.05");

        Assert.Equal(0, exit);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var statuses = lines.Select(l => Regex.Match(l, @"^\d\d:\d\d:\d\d ([a-z_]+)( \(after \d+s [a-z_]+\))?\r?$")).Where(m => m.Success).Select(m => m.Groups[1].Value).ToList();
        // The first look may come after validation is over; from there on, each status once, in order.
        string[] lifecycle = ["validating_files", "queued", "running", "succeeded"];
        Assert.Equal(lifecycle.SkipWhile(s => s != statuses[0]), statuses);
        Assert.Contains("running", statuses);
        Assert.Contains(lines, l => Regex.IsMatch(l, @"succeeded \(after \d+s running\)"));
        Assert.Contains(lines, l => Regex.IsMatch(l, @"step \d+/100: train_loss \d"));
        Assert.StartsWith("succeeded: ft:gpt-4o-mini-2024-07-18:", lines[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watch_OnATerminal_DrawsTheLiveViewToTheEnd()
    {
        var id = await CreateAsync();

        var (exit, output, _) = await ftw.RunOnTerminalAsync("watch", id, "--interval", "0.05");

        Assert.Equal(0, exit);
        Assert.Contains("\u001b[", output, StringComparison.Ordinal);
        Assert.Contains("train_loss by step", output, StringComparison.Ordinal);
        Assert.Matches(@"│ running\s+│ \d\d:\d\d:\d\d\s+│ \d+s\s+│", output);
        Assert.Contains("succeeded: ft:gpt-4o-mini-2024-07-18:", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watch_ACancelledJob_EndsWithExitCodeOne()
    {
        var id = await CreateAsync();
        var (cancelled, cancelOutput, _) = await ftw.RunAsync("cancel", id);
        Assert.Equal(0, cancelled);
        Assert.Contains("cancelled", cancelOutput, StringComparison.Ordinal);

        var (exit, output, _) = await ftw.RunAsync("watch", id, "--interval", "0.05");

        Assert.Equal(1, exit);
        Assert.EndsWith("cancelled", output.TrimEnd(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watch_Interrupted_StopsWatching_AndLeavesTheJobRunning()
    {
        var id = await CreateAsync();
        using var ctrlC = CancellationTokenSource.CreateLinkedTokenSource(Ftw.Ct);
        ctrlC.CancelAfter(TimeSpan.FromMilliseconds(150));

        var (exit, output, _) = await ftw.RunAsync(ctrlC.Token, "watch", id, "--interval", "0.05");

        Assert.Equal(130, exit);
        Assert.Contains("Stopped watching; the job goes on", output, StringComparison.Ordinal);
        using var read = new HttpRequestMessage(HttpMethod.Get, $"{simulator.BaseUrl}/fine_tuning/jobs/{id}");
        read.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "sk-any");
        using var response = await http.SendAsync(read, Ftw.Ct);
        var job = await response.Content.ReadFromJsonAsync<JsonElement>(Ftw.Ct);
        Assert.NotEqual(JobStatus.Cancelled, job.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Watch_Json_PrintsOnlyTheFinalJob()
    {
        var id = await CreateAsync();

        var (exit, output, _) = await ftw.RunAsync("watch", id, "--interval", "0.05", "--json");

        Assert.Equal(0, exit);
        using var job = JsonDocument.Parse(output);
        Assert.Equal("succeeded", job.RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Watch_UnknownJob_IsOneLine_ExitCodeOne()
    {
        var (exit, output, error) = await ftw.RunAsync("watch", "ftjob-nope");

        // A 404 is an answer (no such job), not trouble asking: exit code 1.
        Assert.Equal(1, exit);
        Assert.Equal($"ftw: {simulator.BaseUrl}/fine_tuning/jobs/ftjob-nope answered 404: Could not find fine-tune: ftjob-nope", error.Trim());
        Assert.Empty(output);
    }

    [Fact]
    public async Task AnyCommand_NoServer_SaysItCouldNotReachIt()
    {
        var nowhere = Ftw.Against(new Uri($"http://{StarterFactory.DeadTemporalAddress}/v1"), http);

        var (exit, _, error) = await nowhere.RunAsync("list");

        Assert.Equal(2, exit);
        Assert.StartsWith("ftw: could not reach the server:", error.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Result_StarterWithoutTemporal_PassesOnItsReasonInOneLine()
    {
        await using var starter = new DeadTemporalStarter();
        var client = starter.CreateClient();
        var against = new Ftw(new Dictionary<string, string?> { ["FTW_BASE_URL"] = "http://localhost/v1", ["FTW_API_KEY"] = StarterFactory.Key }, client);

        var (exit, _, error) = await against.RunAsync("result", "ftjob-0123456789abcdef0123456789abcdef");

        Assert.Equal(2, exit);
        Assert.Equal(
            "ftw: http://localhost/v1/fine_tuning/jobs/ftjob-0123456789abcdef0123456789abcdef/result answered 503: Temporal unavailable: the fine-tuning service cannot reach its Temporal server, so it could not read the job's result; try again later.",
            error.Trim());
    }

    [Fact]
    public async Task Result_AgainstAProvider_Out_SavesTheJobAndDownloadsItsResultFiles()
    {
        var id = await CreateAsync();
        Assert.Equal(0, (await ftw.RunAsync("watch", id, "--interval", "0.05", "--json")).Exit);
        var folder = Path.Combine(Path.GetTempPath(), $"ftw-result-{Guid.NewGuid():N}");
        try
        {
            var (exit, output, error) = await ftw.RunAsync("result", id, "--out", folder);

            Assert.True(exit == 0, error);
            var job = simulator.State.Jobs.Single(j => j.Id == id);
            var fileId = Assert.Single(job.ResultFiles!);
            // What the provider serves, read here without ftw.
            using var read = new HttpRequestMessage(HttpMethod.Get, $"{simulator.BaseUrl.AbsoluteUri.TrimEnd('/')}/files/{fileId}/content");
            read.Headers.Authorization = new("Bearer", "sk-any");
            using var answer = await http.SendAsync(read, Ftw.Ct);
            var served = await answer.EnsureSuccessStatusCode().Content.ReadAsByteArrayAsync(Ftw.Ct);
            Assert.StartsWith("step,", System.Text.Encoding.UTF8.GetString(served), StringComparison.Ordinal);
            Assert.Equal(served, await File.ReadAllBytesAsync(Path.Combine(folder, $"{fileId}-step_metrics.csv"), Ftw.Ct));
            using var saved = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "result.json"), Ftw.Ct));
            Assert.Equal(id, saved.RootElement.GetProperty("id").GetString());
            Assert.Equal("succeeded", saved.RootElement.GetProperty("status").GetString());
            Assert.Contains($"{id}  succeeded  model ft:gpt-4o-mini-2024-07-18:", output, StringComparison.Ordinal);
            Assert.Contains($"Result file {fileId} ({fileId}-step_metrics.csv)", output, StringComparison.Ordinal);
            Assert.Equal(["result.json", $"{fileId}-step_metrics.csv"], Directory.GetFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal).Reverse());
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    [Fact]
    public async Task Result_AgainstAProvider_JobNotSucceeded_IsRefusedSayingItsStatus()
    {
        var id = await CreateAsync();

        var (exit, _, error) = await ftw.RunAsync("result", id);

        Assert.Equal(1, exit);
        Assert.Matches($@"^ftw: Job {id} has status (validating_files|queued|running): its results come once it has succeeded\.", error);
    }

    [Fact]
    public async Task Result_AgainstAProvider_Json_IsTheJobAlone()
    {
        var id = await CreateAsync();
        Assert.Equal(0, (await ftw.RunAsync("watch", id, "--interval", "0.05", "--json")).Exit);

        var (exit, output, _) = await ftw.RunAsync("result", id, "--json");

        Assert.Equal(0, exit);
        using var job = JsonDocument.Parse(output);
        Assert.Equal(id, job.RootElement.GetProperty("id").GetString());
        Assert.Equal("succeeded", job.RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Result_NoSuchJob_SaysSo()
    {
        var (exit, _, error) = await ftw.RunAsync("result", "ftjob-nope");

        Assert.Equal(1, exit);
        Assert.Contains("answered 404", error, StringComparison.Ordinal);
        Assert.Contains("/fine_tuning/jobs/ftjob-nope ", error, StringComparison.Ordinal);
    }

    private async Task<string> CreateAsync()
    {
        var (exit, output, _) = await ftw.RunAsync("create", "--model", "gpt-4o-mini-2024-07-18", "--training-file", "file-abc", "--json");
        Assert.Equal(0, exit);
        using var job = JsonDocument.Parse(output);
        return job.RootElement.GetProperty("id").GetString()!;
    }

    [GeneratedRegex(@"Uploaded: (file-\S+) ")]
    private static partial Regex FileId();
}
