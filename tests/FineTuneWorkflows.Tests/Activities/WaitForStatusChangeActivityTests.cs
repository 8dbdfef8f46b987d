using FineTuneWorkflows.Activities.Polling;
using FineTuneWorkflows.Simulator;
using FineTuneWorkflows.Simulator.Clock;
using FineTuneWorkflows.Tests.Support;
using FineTuneWorkflows.Wire;

namespace FineTuneWorkflows.Tests.Activities;

public class WaitForStatusChangeActivityTests
{
    /// <summary>Quick polling for jobs whose phases last a fraction of a second.</summary>
    internal static readonly PollPolicy Quick = new()
    {
        MinInterval = TimeSpan.FromMilliseconds(20),
        QuickMaxInterval = TimeSpan.FromMilliseconds(50),
        MaxInterval = TimeSpan.FromMilliseconds(50),
        HeartbeatInterval = TimeSpan.FromMilliseconds(25),
    };

    private static async Task<FineTuningJob> CreateAsync(ProviderRig rig, string trainingFile = "file-train") =>
        await rig.Client.CreateJobAsync(new() { Model = "gpt-4o-mini", TrainingFile = trainingFile }, TestContext.Current.CancellationToken);

    [Fact]
    public async Task Wait_ThroughAWholeJob_ReturnsEachStatusInTurn()
    {
        await using var rig = await ProviderRig.StartAsync();
        var job = await CreateAsync(rig);
        var seen = new List<string> { job.Status! };

        while (!JobStatus.IsTerminal(seen[^1]))
        {
            var known = seen[^1];
            var output = await new ActivityAttempt().RunAsync(() => rig.Polling.WaitForStatusChangeAsync(new(job.Id, known, Quick)));
            seen.Add(output.Job.Status!);
        }

        Assert.Equal([JobStatus.ValidatingFiles, JobStatus.Queued, JobStatus.Running, JobStatus.Succeeded], seen);
    }

    [Fact]
    public async Task Wait_OnAJobThatSucceeds_ReturnsItWithModelTokensAndResultFiles()
    {
        await using var rig = await ProviderRig.StartAsync();
        var job = await CreateAsync(rig);

        var final = await WaitUntilFinalAsync(rig, job);

        Assert.Equal(JobStatus.Succeeded, final.Status);
        Assert.StartsWith("ft:gpt-4o-mini", final.FineTunedModel, StringComparison.Ordinal);
        Assert.True(final.TrainedTokens > 0);
        Assert.Single(final.ResultFiles!);
        Assert.NotNull(final.FinishedAt);
    }

    [Fact]
    public async Task Wait_WithAnUnusablePollPolicy_StillWatchesTheJob()
    {
        // Checked before the create now; a workflow started earlier with a bad cadence must not
        // leave its paid job unwatched, so the wait falls back to the default.
        await using var rig = await ProviderRig.StartAsync(ProviderRig.QuickJobs(TimeSpan.FromHours(1)));
        var job = await CreateAsync(rig);
        var unusable = Quick with { MinInterval = TimeSpan.Zero };

        var output = await new ActivityAttempt().RunAsync(() => rig.Polling.WaitForStatusChangeAsync(new(job.Id, JobStatus.Queued, unusable)));

        Assert.Equal(JobStatus.ValidatingFiles, output.Job.Status);
    }

    internal static async Task<FineTuningJob> WaitUntilFinalAsync(ProviderRig rig, FineTuningJob job, PollPolicy? policy = null)
    {
        while (!JobStatus.IsTerminal(job.Status!))
        {
            var known = job.Status!;
            job = (await new ActivityAttempt().RunAsync(() => rig.Polling.WaitForStatusChangeAsync(new(job.Id, known, policy ?? Quick)))).Job;
        }

        return job;
    }

    [Fact]
    public async Task Wait_OnAJobScriptedToFail_ReturnsFailedWithTheProvidersError()
    {
        await using var rig = await ProviderRig.StartAsync();
        var job = await CreateAsync(rig, "file-will-fail");

        var output = await new ActivityAttempt().RunAsync(() => rig.Polling.WaitForStatusChangeAsync(new(job.Id, JobStatus.ValidatingFiles, Quick)));

        Assert.Equal(JobStatus.Failed, output.Job.Status);
        Assert.Equal("invalid_training_file", output.Job.Error!.Code);
        Assert.Equal("training_file", output.Job.Error.Param);
    }

    [Fact]
    public async Task Wait_OnAJobCancelledAtTheProvider_ReturnsCancelled()
    {
        await using var rig = await ProviderRig.StartAsync(ProviderRig.QuickJobs(TimeSpan.FromHours(1)));
        var job = await CreateAsync(rig);
        var activity = new ActivityAttempt();
        var waiting = activity.RunAsync(() => rig.Polling.WaitForStatusChangeAsync(new(job.Id, JobStatus.ValidatingFiles, Quick)));

        await rig.Client.CancelJobAsync(job.Id, TestContext.Current.CancellationToken);
        var output = await waiting.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.Equal(JobStatus.Cancelled, output.Job.Status);
    }

    [Fact]
    public async Task Wait_KnownStatusIsAlreadyFinal_ReturnsAtOnce()
    {
        await using var rig = await ProviderRig.StartAsync();
        var job = await CreateAsync(rig);
        await rig.Client.CancelJobAsync(job.Id, TestContext.Current.CancellationToken);

        var output = await new ActivityAttempt().RunAsync(() => rig.Polling.WaitForStatusChangeAsync(new(job.Id, JobStatus.Cancelled, Quick)));

        Assert.Equal(JobStatus.Cancelled, output.Job.Status);
        Assert.Equal(1, output.Polls);
    }

    [Fact]
    public async Task Wait_WhileUnchanged_HeartbeatsItsLastObservation()
    {
        await using var rig = await ProviderRig.StartAsync(new() { ValidatingFiles = TimeSpan.FromMilliseconds(600), Queued = TimeSpan.FromHours(1) });
        var job = await CreateAsync(rig);
        var activity = new ActivityAttempt();

        var output = await activity.RunAsync(() => rig.Polling.WaitForStatusChangeAsync(new(job.Id, JobStatus.ValidatingFiles, Quick)));

        Assert.Equal(JobStatus.Queued, output.Job.Status);
        Assert.All(activity.Heartbeats, h => Assert.Equal(2, h.Length));
        var progress = activity.Heartbeats.Select(h => Assert.IsType<WaitProgress>(h[0])).ToList();
        Assert.NotEmpty(progress);
        Assert.All(progress, p => Assert.Equal(JobStatus.ValidatingFiles, p.LastStatus));
        Assert.Equal(output.Polls - 1, progress.Max(p => p.Polls));
        Assert.All(activity.Heartbeats, h => Assert.Equal(JobStatus.ValidatingFiles, Assert.IsType<LiveProgress>(h[1]).Status));
        Assert.Equal(output.Polls, rig.State.CallsFor(job.Id));
    }

    [Fact]
    public async Task Wait_WhileRunning_HeartbeatsTheNewestMetricEvents()
    {
        // Running 6 s: the simulator's five metric events come at each sixth of it (1 s apart).
        await using var rig = await ProviderRig.StartAsync(new() { ValidatingFiles = TimeSpan.FromMilliseconds(10), Queued = TimeSpan.FromMilliseconds(10), Running = TimeSpan.FromSeconds(6) });
        var job = await CreateAsync(rig);
        while ((await rig.Client.RetrieveJobAsync(job.Id, TestContext.Current.CancellationToken)).Status != JobStatus.Running)
        {
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }

        var activity = new ActivityAttempt();
        var output = await activity.RunAsync(() => rig.Polling.WaitForStatusChangeAsync(new(job.Id, JobStatus.Running, Quick)));

        Assert.Equal(JobStatus.Succeeded, output.Job.Status);
        var steps = activity.Heartbeats.Select(h => Assert.IsType<LiveProgress>(h[1]).Steps.Select(s => s.Step).ToList()).ToList();
        // Each heartbeat holds every step so far, newest first; the last one saw all five.
        Assert.Equal([100L, 80L, 60L, 40L, 20L], steps[^1]);
        Assert.All(steps, s => Assert.Equal(s.OrderDescending(), s));
        // One events read per poll that found the job still running: every poll but the last.
        Assert.Equal(output.Polls - 1, rig.State.CallsTo($"/v1/fine_tuning/jobs/{job.Id}/events"));
    }

    [Fact]
    public async Task Wait_RetriedAfterAWorkerDied_ResumesFromTheHeartbeat()
    {
        await using var rig = await ProviderRig.StartAsync(new() { ValidatingFiles = TimeSpan.FromMilliseconds(200), Queued = TimeSpan.FromHours(1) });
        var job = await CreateAsync(rig);
        var since = DateTimeOffset.UtcNow - TimeSpan.FromHours(3);
        var lastAttempt = new WaitProgress(JobStatus.ValidatingFiles, since, DateTimeOffset.UtcNow, Polls: 41);

        var output = await new ActivityAttempt(attempt: 2, heartbeatDetails: lastAttempt)
            .RunAsync(() => rig.Polling.WaitForStatusChangeAsync(new(job.Id, JobStatus.ValidatingFiles, Quick)));

        Assert.Equal(JobStatus.Queued, output.Job.Status);
        Assert.True(output.Polls > 41, $"polls {output.Polls} should continue the dead attempt's 41");
    }

    [Fact]
    public async Task Wait_CancelledMidWait_StopsPromptly()
    {
        await using var rig = await ProviderRig.StartAsync(ProviderRig.QuickJobs(TimeSpan.FromHours(1)));
        var job = await CreateAsync(rig);
        var activity = new ActivityAttempt();
        var slowPolicy = PollPolicy.Default with { MinInterval = TimeSpan.FromMinutes(5), QuickMaxInterval = TimeSpan.FromMinutes(5), MaxInterval = TimeSpan.FromMinutes(5), HeartbeatInterval = TimeSpan.FromMinutes(1) };
        var waiting = activity.RunAsync(() => rig.Polling.WaitForStatusChangeAsync(new(job.Id, JobStatus.ValidatingFiles, slowPolicy)));
        while (rig.State.CallsFor(job.Id) < 1)
        {
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }

        activity.Cancel();

        // Not a timing assertion: without cancellation this wait would last five minutes.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Wait_ASimulatedOneHourJob_CostsFarFewerCallsThanTenSecondPolling()
    {
        // Virtual time runs 400 times faster, for the simulator and the activity alike.
        var clock = new AcceleratedTimeProvider(400);
        var phases = new SimulatorOptions { ValidatingFiles = TimeSpan.FromMinutes(2), Queued = TimeSpan.FromMinutes(8), Running = TimeSpan.FromMinutes(50) };
        await using var rig = await ProviderRig.StartAsync(phases, clock);
        var job = await CreateAsync(rig);
        var status = job.Status!;
        var polls = 0;
        var pollsWhileRunning = 0;
        while (!JobStatus.IsTerminal(status))
        {
            var known = status;
            var output = await new ActivityAttempt().RunAsync(() => rig.Polling.WaitForStatusChangeAsync(new(job.Id, known)));
            status = output.Job.Status!;
            polls += output.Polls;
            pollsWhileRunning += known == JobStatus.Running ? output.Polls : 0;
        }

        var tenSecondPolls = (int)TimeSpan.FromHours(1).TotalSeconds / 10;
        TestContext.Current.SendDiagnosticMessage($"1-hour job: {polls} polls, {rig.State.CallsFor(job.Id)} calls naming the job (with the metric events read while it ran) (10-second polling: {tenSecondPolls})");
        Assert.Equal(JobStatus.Succeeded, status);
        Assert.Equal(polls, rig.State.CallsTo($"/v1/fine_tuning/jobs/{job.Id}"));
        // Besides, one read of the metric events per poll that found the job still running.
        Assert.Equal(pollsWhileRunning - 1, rig.State.CallsTo($"/v1/fine_tuning/jobs/{job.Id}/events"));
        Assert.True(polls * 2 < tenSecondPolls, $"{polls} polls is not under half of {tenSecondPolls}");
    }
}
