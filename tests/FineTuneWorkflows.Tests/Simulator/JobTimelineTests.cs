using FineTuneWorkflows.Simulator.Jobs;
using FineTuneWorkflows.Wire;

namespace FineTuneWorkflows.Tests.Simulator;

public class JobTimelineTests
{
    private static readonly DateTimeOffset T0 = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly PhaseDurations Phases = new(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(60));

    private static JobTimeline Timeline(JobFate script = JobFate.Succeed, double? cancelAtSeconds = null) =>
        new(T0, Phases, script, cancelAtSeconds is { } s ? T0.AddSeconds(s) : null);

    [Theory]
    [InlineData(0, JobStatus.ValidatingFiles)]
    [InlineData(4.999, JobStatus.ValidatingFiles)]
    [InlineData(5, JobStatus.Queued)]
    [InlineData(14.999, JobStatus.Queued)]
    [InlineData(15, JobStatus.Running)]
    [InlineData(74.999, JobStatus.Running)]
    [InlineData(75, JobStatus.Succeeded)]
    [InlineData(100_000, JobStatus.Succeeded)]
    public void At_EachPhaseBoundary_ReportsThePhaseThatStartsThere(double seconds, string expected)
    {
        Assert.Equal(expected, Timeline().At(T0.AddSeconds(seconds)).Status);
    }

    [Fact]
    public void At_Running_EstimatesTheEndOfRunningAndHasNoFinish()
    {
        var moment = Timeline().At(T0.AddSeconds(20));

        Assert.Equal(T0.AddSeconds(75), moment.EstimatedFinish);
        Assert.Null(moment.FinishedAt);
    }

    /// <summary>Set not to estimate (as OpenAI often does not), a running job gives no estimate and still ends on time.</summary>
    [Fact]
    public void At_Running_WithoutEstimates_HasNone()
    {
        var timeline = Timeline() with { Estimates = false };

        Assert.Null(timeline.At(T0.AddSeconds(20)).EstimatedFinish);
        Assert.Equal(JobStatus.Succeeded, timeline.At(T0.AddSeconds(75)).Status);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    public void At_BeforeRunning_HasNoEstimate(double seconds)
    {
        Assert.Null(Timeline().At(T0.AddSeconds(seconds)).EstimatedFinish);
    }

    [Fact]
    public void At_Succeeded_FinishedAtTheEndOfRunning()
    {
        var moment = Timeline().At(T0.AddSeconds(500));

        Assert.Equal(T0.AddSeconds(75), moment.FinishedAt);
        Assert.Null(moment.EstimatedFinish);
    }

    [Theory]
    [InlineData(4.999, JobStatus.ValidatingFiles)]
    [InlineData(5, JobStatus.Failed)]
    [InlineData(20, JobStatus.Failed)]
    [InlineData(1000, JobStatus.Failed)]
    public void At_FailureScript_FailsRightAfterValidatingFiles(double seconds, string expected)
    {
        Assert.Equal(expected, Timeline(JobFate.FailValidation).At(T0.AddSeconds(seconds)).Status);
    }

    [Fact]
    public void At_FailureScript_FinishedWhenValidationEnded()
    {
        Assert.Equal(T0.AddSeconds(5), Timeline(JobFate.FailValidation).At(T0.AddSeconds(30)).FinishedAt);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(7)]
    [InlineData(40)]
    public void At_CancelledInAPhase_IsThatPhaseBeforeAndCancelledFromThenOn(double cancelAt)
    {
        var timeline = Timeline(cancelAtSeconds: cancelAt);

        Assert.NotEqual(JobStatus.Cancelled, timeline.At(T0.AddSeconds(cancelAt - 0.001)).Status);
        Assert.Equal(JobStatus.Cancelled, timeline.At(T0.AddSeconds(cancelAt)).Status);
        Assert.Equal(JobStatus.Cancelled, timeline.At(T0.AddSeconds(1000)).Status);
        Assert.Null(timeline.At(T0.AddSeconds(1000)).FinishedAt);
    }

    [Fact]
    public void At_CancelAfterSuccess_IsIgnored()
    {
        Assert.Equal(JobStatus.Succeeded, Timeline(cancelAtSeconds: 80).At(T0.AddSeconds(100)).Status);
    }

    [Fact]
    public void At_CancelAfterScriptedFailure_IsIgnored()
    {
        Assert.Equal(JobStatus.Failed, Timeline(JobFate.FailValidation, cancelAtSeconds: 6).At(T0.AddSeconds(10)).Status);
    }

    [Fact]
    public void At_FailureScriptCancelledWhileValidating_IsCancelled()
    {
        Assert.Equal(JobStatus.Cancelled, Timeline(JobFate.FailValidation, cancelAtSeconds: 3).At(T0.AddSeconds(10)).Status);
    }

    [Theory]
    [InlineData("file-abc", JobFate.Succeed)]
    [InlineData("file-will-fail-1", JobFate.FailValidation)]
    [InlineData("file-FAIL", JobFate.FailValidation)]
    public void For_TrainingFileId_ScriptsFailureOnlyWhenItSaysFail(string trainingFile, JobFate expected)
    {
        Assert.Equal(expected, JobFates.For(trainingFile));
    }
}
