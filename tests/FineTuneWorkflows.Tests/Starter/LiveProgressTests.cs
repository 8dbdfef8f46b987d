using System.Text.Json;
using FineTuneWorkflows.Activities.Polling;
using FineTuneWorkflows.Simulator;
using FineTuneWorkflows.Tests.Cli;
using FineTuneWorkflows.Tests.Simulator;
using FineTuneWorkflows.Tests.Replay.History;
using FineTuneWorkflows.Tests.Starter.Scripted;
using FineTuneWorkflows.Tests.Support;
using FineTuneWorkflows.Wire;
using FineTuneWorkflows.Workflows;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Failure.V1;
using Temporalio.Api.Workflow.V1;
using Temporalio.Exceptions;

namespace FineTuneWorkflows.Tests.Starter;

/// <summary>
/// A running job's newest figures reach the starter's readers the way Temporal carries them: the
/// real <c>CheckJob</c> activity, run against the simulator, fails its attempt with the job and
/// its metric events; the worker's failure converter makes that the failure a server keeps on the
/// pending activity; a scripted describe shows it; the starter serves it as events and a fresher
/// estimated finish, and <c>ftw watch</c> draws from it.
/// </summary>
public sealed class LiveProgressTests : IAsyncDisposable
{
    private const string Id = "ftjob-0123456789abcdef0123456789abcdef";
    private static readonly DateTimeOffset Start = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly ScriptedTemporal temporal = new();
    private readonly StarterFactory starter;
    private readonly HttpClient http;

    public LiveProgressTests()
    {
        starter = new StarterFactory(new Dictionary<string, string?>(), temporal.Client);
        http = starter.CreateAuthorizedClient();
    }

    public async ValueTask DisposeAsync()
    {
        http.Dispose();
        await starter.DisposeAsync();
    }

    /// <summary>
    /// A job created at <see cref="Start"/> that validates 1 min, queues 1 h and runs 10 h, looked
    /// at 5 h 11 min in: it has run 250 min, and the simulator's metric events come every 100 min
    /// of running (a sixth of it), so steps 20 and 40 of 100 are out. Returns the job as the
    /// workflow recorded it when it started running, and the failure its pending check left.
    /// </summary>
    private static async Task<(FineTuningJob Recorded, Failure Failure)> CheckWhileRunningAsync()
    {
        var clock = new ManualClock(Start);
        await using var rig = await ProviderRig.StartAsync(new SimulatorOptions { ValidatingFiles = TimeSpan.FromMinutes(1), Queued = TimeSpan.FromHours(1), Running = TimeSpan.FromHours(10) }, clock);
        var job = await rig.Client.CreateJobAsync(new() { Model = "gpt-4o-mini", TrainingFile = "file-train" }, StarterCalls.Ct);
        clock.Advance(TimeSpan.FromMinutes(311));
        var unchanged = await Assert.ThrowsAsync<ApplicationFailureException>(() =>
            new ActivityAttempt(attempt: 3).RunAsync<CheckJobOutput>(() => rig.Polling.CheckJobAsync(new CheckJobInput(job.Id, JobStatus.Running, Start))));
        return (job with { Status = JobStatus.Running, EstimatedFinish = null }, TemporalPayloads.Failure(unchanged));
    }

    private void Running(FineTuningJob recorded, params PendingActivityInfo[] pending) =>
        temporal.Workflows[Id] = new ScriptedWorkflow(Id, WorkflowExecutionStatus.Running, new Dictionary<string, Payload>(), recorded) { PendingActivities = pending };

    private static PendingActivityInfo Check(Failure lastFailure) =>
        new() { ActivityId = "7", ActivityType = new() { Name = "CheckJob" }, State = PendingActivityState.Scheduled, Attempt = 4, LastFailure = lastFailure };

    private async Task<List<JsonElement>> EventsAsync()
    {
        using var page = JsonDocument.Parse(await http.GetStringAsync($"{StarterCalls.Jobs}/{Id}/events", StarterCalls.Ct));
        return [.. page.RootElement.GetProperty("data").EnumerateArray().Select(e => e.Clone())];
    }

    private static long[] Steps(IEnumerable<JsonElement> events) =>
        [.. events.Where(e => e.GetProperty("type").GetString() == "metrics").Select(e => e.GetProperty("data").GetProperty("step").GetInt64())];

    [Fact]
    public async Task Events_WhileAPendingCheckHoldsMetrics_ServesThemNewestFirst()
    {
        var (recorded, failure) = await CheckWhileRunningAsync();
        Running(recorded, Check(failure));

        var events = await EventsAsync();

        Assert.Equal([40L, 20L], Steps(events));
        Assert.All(events, e => Assert.Equal("fine_tuning.job.event", e.GetProperty("object").GetString()));
        // 100 and 200 minutes into running, which began at 1 h 1 min.
        Assert.Equal(
            [Start.AddMinutes(261).ToUnixTimeSeconds(), Start.AddMinutes(161).ToUnixTimeSeconds()],
            events.Select(e => e.GetProperty("created_at").GetInt64()));
    }

    [Fact]
    public async Task Job_WhileAPendingCheckReadAnEstimate_ShowsItsEstimatedFinish()
    {
        var (recorded, failure) = await CheckWhileRunningAsync();
        Running(recorded, Check(failure));

        using var job = JsonDocument.Parse(await http.GetStringAsync($"{StarterCalls.Jobs}/{Id}", StarterCalls.Ct));

        // The simulator estimates exactly the end: 1 min + 1 h + 10 h after the start.
        Assert.Equal(Start.AddMinutes(661).ToUnixTimeSeconds(), job.RootElement.GetProperty("estimated_finish").GetInt64());
        Assert.Equal(JobStatus.Running, job.RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Job_PendingCheckSawAnotherStatus_KeepsTheRecordedJob()
    {
        var (recorded, failure) = await CheckWhileRunningAsync();
        // The workflow has recorded a pause since: the check's estimate was for a running job.
        Running(recorded with { Status = JobStatus.Paused }, Check(failure));

        using var job = JsonDocument.Parse(await http.GetStringAsync($"{StarterCalls.Jobs}/{Id}", StarterCalls.Ct));

        Assert.False(job.RootElement.TryGetProperty("estimated_finish", out var estimate) && estimate.ValueKind != JsonValueKind.Null, $"estimated_finish {estimate}");
        Assert.Equal(JobStatus.Paused, job.RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Events_LongWaitHeartbeat_ServesItsMetrics()
    {
        var live = new LiveProgress(JobStatus.Running, null, [new LiveStep(7, 1_750_000_000, TotalSteps: 10, TrainLoss: 0.5)]);
        var progress = new WaitProgress(JobStatus.Running, Start, Start, 3);
        Running(
            new FineTuningJob { Id = "ftjob-p", Status = JobStatus.Running },
            new PendingActivityInfo { ActivityId = "7", ActivityType = new() { Name = "WaitForStatusChange" }, HeartbeatDetails = new() { Payloads_ = { TemporalPayloads.Payload(progress), TemporalPayloads.Payload(live) } } });

        var events = await EventsAsync();

        var step = Assert.Single(events, e => e.GetProperty("type").GetString() == "metrics");
        Assert.Equal("ftevent-0123456789abcdef0123456789abcdef-step-7", step.GetProperty("id").GetString());
        Assert.Equal("Step 7/10: training loss=0.5000", step.GetProperty("message").GetString());
        Assert.Equal(1_750_000_000, step.GetProperty("created_at").GetInt64());
        Assert.Equal("""{"step":7,"total_steps":10,"train_loss":0.5}""", step.GetProperty("data").GetRawText());
    }

    [Fact]
    public async Task Events_LongWaitHeartbeatWithProgressOnly_ServesNoMetrics()
    {
        // A worker from before live progress heartbeats one detail.
        Running(
            new FineTuningJob { Id = "ftjob-p", Status = JobStatus.Running },
            new PendingActivityInfo { ActivityId = "7", ActivityType = new() { Name = "WaitForStatusChange" }, HeartbeatDetails = new() { Payloads_ = { TemporalPayloads.Payload(new WaitProgress(JobStatus.Running, Start, Start, 3)) } } });

        Assert.Empty(Steps(await EventsAsync()));
    }

    [Theory]
    [InlineData("RateLimited")]          // the last attempt met a provider error: its details are the provider's
    [InlineData("JobStatusUnchanged")]   // the right type with details that are not progress
    public async Task Events_PendingCheckWithoutProgress_ServesTheTimelineAlone(string failureType)
    {
        var failure = TemporalPayloads.Failure(new ApplicationFailureException("x", failureType, details: ["not progress"]));
        Running(new FineTuningJob { Id = "ftjob-p", Status = JobStatus.Running }, Check(failure));

        var events = await EventsAsync();

        Assert.Empty(Steps(events));
    }

    [Fact]
    public async Task FtwWatch_ThroughTheStarter_DrawsTheLiveStepsThenTheEnd()
    {
        var (recorded, failure) = await CheckWhileRunningAsync();
        Running(recorded, Check(failure));
        var ftw = new Ftw(new Dictionary<string, string?> { ["FTW_BASE_URL"] = "http://localhost/v1", ["FTW_API_KEY"] = StarterFactory.Key }, starter.CreateClient());

        var watching = ftw.RunAsync("watch", Id, "--interval", "0.05", "--plain");
        // Each look is a job read and an events read, a describe each: three looks, then the job ends.
        while (temporal.Describes < 6 && !watching.IsCompleted)
        {
            await Task.Delay(10, StarterCalls.Ct);
        }

        var succeeded = recorded with { Status = JobStatus.Succeeded, FineTunedModel = "ft:gpt-4o-mini:org::live", TrainedTokens = 1000 };
        temporal.Workflows[Id] = new ScriptedWorkflow(Id, WorkflowExecutionStatus.Completed, new Dictionary<string, Payload>(), succeeded)
        {
            Result = TemporalPayloads.Payload(new FineTuneResult(recorded.Id, JobStatus.Succeeded, succeeded.FineTunedModel, 1000, [], null, [], [])),
        };
        var (exit, output, _) = await watching;

        Assert.Equal(0, exit);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Contains(lines, l => l.EndsWith(" running", StringComparison.Ordinal));
        // The newest step is what a look shows: step 40 of 100, with its training loss.
        Assert.Contains(lines, l => l.Contains(" step 40/100: train_loss ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("succeeded: ft:gpt-4o-mini:org::live", StringComparison.Ordinal));
    }
}
