using FineTuneWorkflows.Simulator.Jobs;
using FineTuneWorkflows.Wire;

namespace FineTuneWorkflows.Tests.Simulator;

/// <summary>
/// Validating 5 s, queued 10 s, training 60 s (from 15 s), a pause landing 2 s after it is asked;
/// paused at 30 s (15 s trained) and resumed at 100 s: training ends at 100 + 45 = 145 s.
/// </summary>
public class JobTimelinePauseTests
{
    private static readonly DateTimeOffset T0 = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly PhaseDurations Phases = new(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(2));

    private static JobTimeline Paused(double? resumedAt = null) => new JobTimeline(T0, Phases, JobFate.Succeed)
    {
        Pauses = [new PauseSpan(T0.AddSeconds(30), resumedAt is { } r ? T0.AddSeconds(r) : null)],
    };

    [Theory]
    [InlineData(29.999, JobStatus.Running)]
    [InlineData(30, JobStatus.Pausing)]
    [InlineData(31.999, JobStatus.Pausing)]
    [InlineData(32, JobStatus.Paused)]
    [InlineData(99.999, JobStatus.Paused)]
    [InlineData(100, JobStatus.Running)]
    [InlineData(144.999, JobStatus.Running)]
    [InlineData(145, JobStatus.Succeeded)]
    public void At_PausedAndResumed_EndsLaterByThePause(double seconds, string expected) =>
        Assert.Equal(expected, Paused(resumedAt: 100).At(T0.AddSeconds(seconds)).Status);

    [Fact]
    public void At_StillPaused_NeverSucceeds_AndEstimatesNothing()
    {
        var moment = Paused().At(T0.AddDays(30));

        Assert.Equal(JobStatus.Paused, moment.Status);
        Assert.Null(moment.EstimatedFinish);
    }

    [Fact]
    public void At_Resumed_EstimatesTheShiftedEnd() =>
        Assert.Equal(T0.AddSeconds(145), Paused(resumedAt: 100).At(T0.AddSeconds(120)).EstimatedFinish);

    [Fact]
    public void At_CancelledWhilePaused_IsCancelled()
    {
        var timeline = Paused() with { CancelledAt = T0.AddSeconds(50) };

        Assert.Equal(JobStatus.Cancelled, timeline.At(T0.AddSeconds(50)).Status);
    }

    [Fact]
    public void Events_StepsAfterThePause_ComeLaterByThePause_AndNoneWhilePaused()
    {
        // Steps at 10, 20, 30, 40, 50 s of training: 25, 35, 45, 55, 65 s unpaused; the first
        // (25 s) comes before the pause, the rest 70 s later (105, 115, 125, 135 s).
        var resumed = MetricTimes(Paused(resumedAt: 100));
        var stillPaused = MetricTimes(Paused());

        Assert.Equal([25.0, 105, 115, 125, 135], resumed);
        Assert.Equal([25.0], stillPaused);
    }

    private static List<double> MetricTimes(JobTimeline timeline) =>
        [.. JobEventScript.At(timeline, "ftjob-x", "file-x", T0.AddDays(1)).Where(e => e.Type == "metrics").Select(e => (e.At - T0).TotalSeconds)];
}
