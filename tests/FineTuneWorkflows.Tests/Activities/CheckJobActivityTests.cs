using FineTuneWorkflows.Activities;
using FineTuneWorkflows.Activities.Polling;
using FineTuneWorkflows.Activities.Provider;
using FineTuneWorkflows.Simulator;
using FineTuneWorkflows.Tests.Simulator;
using FineTuneWorkflows.Tests.Support;
using FineTuneWorkflows.Wire;
using Temporalio.Exceptions;

namespace FineTuneWorkflows.Tests.Activities;

/// <summary>
/// The slot-free wait: one provider call per attempt, and a job still where it was fails the
/// attempt with the delay Temporal waits before the next. Times run on a manual clock shared with
/// the simulator, so each expected delay is worked out here from the job's age by hand.
/// </summary>
public class CheckJobActivityTests
{
    private static readonly DateTimeOffset Start = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>Validating 1 min, queued 1 h, running 10 h: the job created at <see cref="Start"/>.</summary>
    private static async Task<(ProviderRig Rig, ManualClock Clock, FineTuningJob Job)> StartAsync()
    {
        var clock = new ManualClock(Start);
        var rig = await ProviderRig.StartAsync(new SimulatorOptions { ValidatingFiles = TimeSpan.FromMinutes(1), Queued = TimeSpan.FromHours(1), Running = TimeSpan.FromHours(10) }, clock);
        var job = await rig.Client.CreateJobAsync(new() { Model = "gpt-4o-mini", TrainingFile = "file-train" }, TestContext.Current.CancellationToken);
        return (rig, clock, job);
    }

    private static Task<CheckJobOutput> CheckAsync(ProviderRig rig, string jobId, string known, int attempt = 1, PollPolicy? policy = null, ActivityAttempt? activity = null) =>
        (activity ?? new ActivityAttempt(attempt)).RunAsync(() => rig.Polling.CheckJobAsync(new CheckJobInput(jobId, known, Start, policy)));

    [Theory]
    [InlineData(10, JobStatus.Queued, 30)]      // first hour: 10 % of 600 s is 60 s, capped at 30 s
    [InlineData(2, JobStatus.Queued, 12)]       // 10 % of 120 s
    [InlineData(180, JobStatus.Running, 540)]   // after the first hour: 5 % of 10,800 s
    [InlineData(300, JobStatus.Running, 600)]   // 5 % of 18,000 s is 900 s, capped at 10 min
    public async Task Check_StatusUnchanged_FailsTheAttemptWithTheNextDelayByTheJobsAge(int ageMinutes, string status, int delaySeconds)
    {
        var (rig, clock, job) = await StartAsync();
        await using var _ = rig;
        clock.Advance(TimeSpan.FromMinutes(ageMinutes));

        var unchanged = await Assert.ThrowsAsync<ApplicationFailureException>(() => CheckAsync(rig, job.Id, status, attempt: 37));

        Assert.Equal("JobStatusUnchanged", unchanged.ErrorType);
        Assert.False(unchanged.NonRetryable);
        Assert.Equal(TimeSpan.FromSeconds(delaySeconds), unchanged.NextRetryDelay);
        var checkedAt = Start.AddMinutes(ageMinutes);
        Assert.Equal(
            $"still {status} (not an error: the wait goes on) — checked {checkedAt:yyyy-MM-dd HH:mm:ss} UTC, next check at {checkedAt.AddSeconds(delaySeconds):HH:mm:ss} UTC; check 37",
            unchanged.Message);
        Assert.Equal(1, rig.State.CallsTo($"/v1/fine_tuning/jobs/{job.Id}"));
        // Metric events are read once the job trains, and only then.
        Assert.Equal(status == JobStatus.Running ? 1 : 0, rig.State.CallsTo($"/v1/fine_tuning/jobs/{job.Id}/events"));
    }

    [Fact]
    public async Task Check_RunningUnchanged_LeavesTheJobAndItsNewestMetricEventsInTheFailure()
    {
        var (rig, clock, job) = await StartAsync();
        await using var _ = rig;
        // Running from 1 h 1 min for 10 h: the simulator's metric events come at each sixth of
        // it (100 min apart), steps 20, 40, … of 100. At 5 h 11 min it has run 250 min: two.
        clock.Advance(TimeSpan.FromMinutes(311));

        var unchanged = await Assert.ThrowsAsync<ApplicationFailureException>(() => CheckAsync(rig, job.Id, JobStatus.Running));

        Assert.Equal(1, unchanged.Details.Count);
        var live = unchanged.Details.ElementAt<LiveProgress>(0);
        Assert.Equal(JobStatus.Running, live.Status);
        // The simulator estimates exactly the end: 1 min + 1 h + 10 h after the start.
        Assert.Equal(Start.AddMinutes(661).ToUnixTimeSeconds(), live.EstimatedFinish);
        Assert.Equal([40L, 20L], live.Steps.Select(s => s.Step));
        Assert.Equal([Start.AddMinutes(261).ToUnixTimeSeconds(), Start.AddMinutes(161).ToUnixTimeSeconds()], live.Steps.Select(s => s.At));
        Assert.All(live.Steps, s => Assert.Equal(100, s.TotalSteps));
        Assert.All(live.Steps, s => Assert.InRange(s.TrainLoss!.Value, 0.01, 5));
    }

    [Fact]
    public async Task Check_QueuedUnchanged_LeavesTheJobWithNoEvents()
    {
        var (rig, clock, job) = await StartAsync();
        await using var _ = rig;
        clock.Advance(TimeSpan.FromMinutes(10));

        var unchanged = await Assert.ThrowsAsync<ApplicationFailureException>(() => CheckAsync(rig, job.Id, JobStatus.Queued));

        var live = unchanged.Details.ElementAt<LiveProgress>(0);
        Assert.Equal(JobStatus.Queued, live.Status);
        Assert.Empty(live.Steps);
        Assert.Equal(0, rig.State.CallsTo($"/v1/fine_tuning/jobs/{job.Id}/events"));
    }

    [Theory]
    [InlineData("500")]
    [InlineData("401")]
    [InlineData("garbage")]
    public async Task Check_EventsUnreadable_IsTheSameWaitWithoutThem(string fault)
    {
        var (rig, clock, job) = await StartAsync();
        await using var _ = rig;
        clock.Advance(TimeSpan.FromMinutes(311));
        rig.State.InjectFault("GET", $"/v1/fine_tuning/jobs/{job.Id}/events", fault, 1);

        var unchanged = await Assert.ThrowsAsync<ApplicationFailureException>(() => CheckAsync(rig, job.Id, JobStatus.Running));

        // 5 % of the job's 18,660 s age is 933 s, capped at the 10-minute longest wait.
        Assert.Equal(PollingActivities.StatusUnchanged, unchanged.ErrorType);
        Assert.Equal(TimeSpan.FromMinutes(10), unchanged.NextRetryDelay);
        var live = unchanged.Details.ElementAt<LiveProgress>(0);
        Assert.Equal(JobStatus.Running, live.Status);
        Assert.Empty(live.Steps);
        Assert.Equal(1, rig.State.CallsTo($"/v1/fine_tuning/jobs/{job.Id}/events"));
    }

    [Fact]
    public async Task Check_FinishExpectedBeforeTheNextCheck_ChecksJustAfterIt()
    {
        var (rig, clock, job) = await StartAsync();
        await using var _ = rig;
        // Running ends at 11 h 1 min; at 10 h 58 min the 10-minute interval would overshoot it.
        clock.Advance(TimeSpan.FromMinutes(658));

        var unchanged = await Assert.ThrowsAsync<ApplicationFailureException>(() => CheckAsync(rig, job.Id, JobStatus.Running));

        Assert.Equal(TimeSpan.FromSeconds(181), unchanged.NextRetryDelay);
    }

    [Fact]
    public async Task Check_AgeCountsFromTheJobsCreationNotFromWhenTheWaitBegan()
    {
        var (rig, clock, job) = await StartAsync();
        await using var _ = rig;
        clock.Advance(TimeSpan.FromMinutes(70));
        var input = new CheckJobInput(job.Id, JobStatus.Running, Start.AddMinutes(50));

        var unchanged = await Assert.ThrowsAsync<ApplicationFailureException>(() => new ActivityAttempt().RunAsync(() => rig.Polling.CheckJobAsync(input)));

        // 70 minutes old: 5 % is 210 s (counted from the wait's start, 20 minutes, it would be 30 s).
        Assert.Equal(TimeSpan.FromSeconds(210), unchanged.NextRetryDelay);
    }

    [Fact]
    public async Task Check_StatusChanged_ReturnsTheJobAndTheAttemptAsItsPollCount()
    {
        var (rig, clock, job) = await StartAsync();
        await using var _ = rig;
        clock.Advance(TimeSpan.FromMinutes(2));

        var output = await CheckAsync(rig, job.Id, JobStatus.ValidatingFiles, attempt: 12);

        Assert.Equal(JobStatus.Queued, output.Job.Status);
        Assert.Equal(12, output.Polls);
        Assert.Equal(1, rig.State.CallsFor(job.Id));
    }

    [Fact]
    public async Task Check_KnownStatusAlreadyFinal_ReturnsAtOnce()
    {
        var (rig, _, job) = await StartAsync();
        await using var __ = rig;
        await rig.Client.CancelJobAsync(job.Id, TestContext.Current.CancellationToken);

        var output = await CheckAsync(rig, job.Id, JobStatus.Cancelled);

        Assert.Equal(JobStatus.Cancelled, output.Job.Status);
    }

    [Fact]
    public async Task Check_StatusInAnotherCase_IsNoChange()
    {
        var (rig, _, job) = await StartAsync();
        await using var __ = rig;

        var unchanged = await Assert.ThrowsAsync<ApplicationFailureException>(() => CheckAsync(rig, job.Id, "VALIDATING_FILES"));

        Assert.Equal("JobStatusUnchanged", unchanged.ErrorType);
    }

    [Fact]
    public async Task Check_WhileWaiting_NeverHeartbeats()
    {
        var (rig, _, job) = await StartAsync();
        await using var __ = rig;
        var activity = new ActivityAttempt();

        await Assert.ThrowsAsync<ApplicationFailureException>(() => CheckAsync(rig, job.Id, JobStatus.ValidatingFiles, activity: activity));

        Assert.Empty(activity.Heartbeats);
    }

    [Fact]
    public async Task Check_UnusablePolicy_WaitsByTheDefault()
    {
        var (rig, clock, job) = await StartAsync();
        await using var _ = rig;
        clock.Advance(TimeSpan.FromMinutes(10));

        var unchanged = await Assert.ThrowsAsync<ApplicationFailureException>(() =>
            CheckAsync(rig, job.Id, JobStatus.Queued, policy: PollPolicy.Default with { MinInterval = TimeSpan.Zero, QuickMaxInterval = TimeSpan.FromHours(5) }));

        Assert.Equal(TimeSpan.FromSeconds(30), unchanged.NextRetryDelay);
    }

    [Fact]
    public async Task Check_RateLimited_WaitsTheProvidersRetryAfter()
    {
        var (rig, _, job) = await StartAsync();
        await using var __ = rig;
        rig.State.InjectFault("GET", $"/v1/fine_tuning/jobs/{job.Id}", "429;retry-after=7", 1);

        var failure = await Assert.ThrowsAsync<ApplicationFailureException>(() => CheckAsync(rig, job.Id, JobStatus.ValidatingFiles));

        Assert.Equal(ProviderErrorTypes.RateLimited, failure.ErrorType);
        Assert.False(failure.NonRetryable);
        Assert.Equal(TimeSpan.FromSeconds(7), failure.NextRetryDelay);
    }

    [Fact]
    public async Task Check_KeyRejected_IsRetriedWhileTheJobMayRun()
    {
        var (rig, _, job) = await StartAsync();
        await using var __ = rig;
        rig.State.InjectFault("GET", $"/v1/fine_tuning/jobs/{job.Id}", "401", 1);

        var failure = await Assert.ThrowsAsync<ApplicationFailureException>(() => CheckAsync(rig, job.Id, JobStatus.ValidatingFiles));

        Assert.False(failure.NonRetryable);
        Assert.EndsWith($"(retrying: {ActivityFailures.JobExistsReason})", failure.Message, StringComparison.Ordinal);
    }
}
