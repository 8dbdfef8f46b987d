using FineTuneWorkflows.Simulator.Jobs;

namespace FineTuneWorkflows.Tests.Simulator;

public class JobEventScriptTests
{
    private const string JobId = "ftjob-abcdefghijklmnopqrstuvwx";
    private static readonly DateTimeOffset T0 = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly PhaseDurations Phases = new(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(60));

    private static IReadOnlyList<TimelineEvent> EventsAt(double seconds, JobFate script = JobFate.Succeed, double? cancelAt = null) =>
        JobEventScript.At(new JobTimeline(T0, Phases, script, cancelAt is { } c ? T0.AddSeconds(c) : null), JobId, "file-train", T0.AddSeconds(seconds));

    [Fact]
    public void At_Creation_ShowsOnlyCreatedAndValidating()
    {
        var events = EventsAt(0);

        Assert.Equal(["Created fine-tuning job: " + JobId, "Validating training file: file-train"], events.Select(e => e.Message));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(15)]
    [InlineData(40)]
    [InlineData(75)]
    public void At_AnyInstant_ShowsNoEventFromTheFuture(double seconds)
    {
        Assert.All(EventsAt(seconds), e => Assert.True(e.At <= T0.AddSeconds(seconds)));
    }

    [Fact]
    public void At_LaterInstant_OnlyAddsToEarlierEvents()
    {
        var earlier = EventsAt(30);
        var later = EventsAt(80);

        Assert.True(later.Count > earlier.Count);
        Assert.Equal(earlier, later.Take(earlier.Count));
    }

    [Fact]
    public void At_Success_EndsWithModelCreatedAndCompletedAfterMetrics()
    {
        var events = EventsAt(75);

        Assert.Contains(events, e => e.Message == "Files validated, moving job to queued state");
        Assert.Contains(events, e => e.Message == "Fine-tuning job started");
        var metrics = events.Where(e => e.Type == "metrics").ToList();
        Assert.Equal(JobEventScript.MetricsEvents, metrics.Count);
        Assert.All(metrics, m => Assert.Matches(@"^Step \d+/100: training loss=\d+\.\d{4}$", m.Message));
        Assert.Equal(["New fine-tuned model created", "The job has successfully completed"], events.TakeLast(2).Select(e => e.Message));
    }

    [Fact]
    public void At_MidRunning_ShowsSomeButNotAllMetrics()
    {
        var count = EventsAt(45).Count(e => e.Type == "metrics");

        Assert.InRange(count, 1, JobEventScript.MetricsEvents - 1);
    }

    [Fact]
    public void At_FailureScript_EndsWithErrorEvents()
    {
        var events = EventsAt(100, JobFate.FailValidation);

        Assert.Equal("error", events[^1].Level);
        Assert.DoesNotContain(events, e => e.Type == "metrics");
    }

    [Fact]
    public void At_CancelledWhileRunning_StopsEventsAndEndsWithCancelled()
    {
        var events = EventsAt(1000, cancelAt: 20);

        Assert.Equal("The job was cancelled", events[^1].Message);
        Assert.All(events, e => Assert.True(e.At <= T0.AddSeconds(20)));
        Assert.DoesNotContain(events, e => e.Message.Contains("successfully", StringComparison.Ordinal));
    }

    [Fact]
    public void At_AnyInstant_NumbersEventsInOrderFromZero()
    {
        Assert.Equal(Enumerable.Range(0, EventsAt(75).Count), EventsAt(75).Select(e => e.Sequence));
    }
}
