using FineTuneWorkflows.Activities.Provider;
using FineTuneWorkflows.Simulator;
using FineTuneWorkflows.Tests.Simulator;
using FineTuneWorkflows.Tests.Support;
using FineTuneWorkflows.Wire;
using Temporalio.Exceptions;

namespace FineTuneWorkflows.Tests.Activities;

/// <summary>PauseJob and ResumeJob over real HTTP against the simulator, on a clock the test moves.</summary>
public class PauseJobActivityTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Validating 1 s, queued 1 s, training one hour; a pause lands 2 s after it is asked.</summary>
    private static SimulatorOptions Phases => new()
    {
        ValidatingFiles = TimeSpan.FromSeconds(1),
        Queued = TimeSpan.FromSeconds(1),
        Running = TimeSpan.FromHours(1),
        Pausing = TimeSpan.FromSeconds(2),
    };

    private static async Task<(ProviderRig Rig, ManualClock Clock, FineTuningJob Job)> RunningJobAsync(Func<Uri, ProviderOptions>? provider = null)
    {
        var clock = new ManualClock(T0);
        var rig = await ProviderRig.StartAsync(Phases, clock, provider);
        var job = await rig.Client.CreateJobAsync(new() { Model = "gpt-4o-mini", TrainingFile = "file-a" }, Ct);
        clock.Advance(TimeSpan.FromSeconds(3));
        return (rig, clock, job);
    }

    [Fact]
    public async Task Pause_ThenResume_StopsTheTrainingClockForAsLongAsItWasPaused()
    {
        var (rig, clock, job) = await RunningJobAsync();
        await using var _ = rig;

        var paused = await new ActivityAttempt().RunAsync(() => rig.Pause.PauseJobAsync(new(job.Id)));
        Assert.Equal(JobStatus.Pausing, paused.Job.Status);
        Assert.Null(paused.Job.EstimatedFinish);

        clock.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(JobStatus.Paused, (await rig.Client.RetrieveJobAsync(job.Id, Ct)).Status);
        clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal(JobStatus.Paused, (await rig.Client.RetrieveJobAsync(job.Id, Ct)).Status);

        var resumed = await new ActivityAttempt().RunAsync(() => rig.Pause.ResumeJobAsync(new(job.Id)));

        // Trained from 2 s to 3 s, paused from 3 s to 7,206 s: the hour's other 3,599 s end at 10,805 s.
        Assert.Equal(JobStatus.Running, resumed.Job.Status);
        Assert.Equal((T0 + TimeSpan.FromSeconds(10_805)).ToUnixTimeSeconds(), resumed.Job.EstimatedFinish);
        clock.Advance(TimeSpan.FromSeconds(3_598));
        Assert.Equal(JobStatus.Running, (await rig.Client.RetrieveJobAsync(job.Id, Ct)).Status);
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(JobStatus.Succeeded, (await rig.Client.RetrieveJobAsync(job.Id, Ct)).Status);
    }

    [Fact]
    public async Task Pause_AnswerLostThenAskedAgain_ReadsTheJobInsteadOfFailing()
    {
        var (rig, _, job) = await RunningJobAsync();
        await using var __ = rig;
        // The first attempt's call landed but its answer never came back.
        await rig.Client.PauseOrResumeJobAsync(job.Id, resume: false, Ct);

        var again = await new ActivityAttempt(attempt: 2).RunAsync(() => rig.Pause.PauseJobAsync(new(job.Id)));

        Assert.Equal(JobStatus.Pausing, again.Job.Status);
    }

    [Fact]
    public async Task Pause_AQueuedJob_IsTheProvidersRefusal_NotRetried()
    {
        var clock = new ManualClock(T0);
        await using var rig = await ProviderRig.StartAsync(Phases, clock);
        var job = await rig.Client.CreateJobAsync(new() { Model = "gpt-4o-mini", TrainingFile = "file-a" }, Ct);
        clock.Advance(TimeSpan.FromSeconds(1.5));

        var failure = await Assert.ThrowsAsync<ApplicationFailureException>(() => new ActivityAttempt().RunAsync(() => rig.Pause.PauseJobAsync(new(job.Id))));

        Assert.Equal(ProviderErrorTypes.InvalidRequest, failure.ErrorType);
        Assert.True(failure.NonRetryable);
        Assert.Contains($"Job {job.Id} is queued; only a running job can be paused.", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resume_ARunningJob_AnswersRunning_AsAResumeWhoseAnswerWasLostWould()
    {
        var (rig, _, job) = await RunningJobAsync();
        await using var _ = rig;

        var output = await new ActivityAttempt().RunAsync(() => rig.Pause.ResumeJobAsync(new(job.Id)));

        Assert.Equal(JobStatus.Running, output.Job.Status);
    }

    [Fact]
    public async Task Resume_AQueuedJob_IsRefused()
    {
        var clock = new ManualClock(T0);
        await using var rig = await ProviderRig.StartAsync(Phases, clock);
        var job = await rig.Client.CreateJobAsync(new() { Model = "gpt-4o-mini", TrainingFile = "file-a" }, Ct);
        clock.Advance(TimeSpan.FromSeconds(1.5));

        var failure = await Assert.ThrowsAsync<ApplicationFailureException>(() => new ActivityAttempt().RunAsync(() => rig.Pause.ResumeJobAsync(new(job.Id))));

        Assert.Contains($"Job {job.Id} is queued; only a paused job can be resumed.", failure.Message, StringComparison.Ordinal);
        Assert.True(failure.NonRetryable);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task PauseOrResume_ThroughPortkey_IsRefusedBeforeAnyCall_SoTheGatewayCannotTurnItIntoACancel(bool resume)
    {
        var (rig, _, job) = await RunningJobAsync(url => new ProviderOptions { Kind = ProviderKind.Portkey, BaseUrl = url, ApiKey = "pk-test", Provider = "openai", ProviderApiKey = "sk-test" });
        await using var _ = rig;
        var callsBefore = rig.State.TotalCalls;

        var failure = await Assert.ThrowsAsync<ApplicationFailureException>(() =>
            new ActivityAttempt().RunAsync(() => resume ? rig.Pause.ResumeJobAsync(new(job.Id)) : rig.Pause.PauseJobAsync(new(job.Id))));

        Assert.Equal(ProviderErrorTypes.NotSupported, failure.ErrorType);
        Assert.True(failure.NonRetryable);
        Assert.Contains("Portkey gateway", failure.Message, StringComparison.Ordinal);
        Assert.Equal(callsBefore, rig.State.TotalCalls);
        Assert.Equal(JobStatus.Running, (await rig.Client.RetrieveJobAsync(job.Id, Ct)).Status);
    }
}
