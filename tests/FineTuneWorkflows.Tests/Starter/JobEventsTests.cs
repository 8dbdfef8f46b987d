using FineTuneWorkflows.Activities.Polling;
using FineTuneWorkflows.Starter.Api;
using FineTuneWorkflows.Wire;
using FineTuneWorkflows.Workflows;

namespace FineTuneWorkflows.Tests.Starter;

public class JobEventsTests
{
    private const string Id = "ftjob-0123456789abcdef0123456789abcdef";
    private static readonly DateTimeOffset T0 = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);

    private static readonly StatusTransition[] Timeline =
    [
        new(JobStatus.ValidatingFiles, T0),
        new(JobStatus.Queued, T0.AddMinutes(1)),
        new(JobStatus.Running, T0.AddMinutes(2)),
        new(JobStatus.Failed, T0.AddMinutes(3)),
    ];

    [Fact]
    public void FromTimeline_Transitions_NewestFirstAsJobEvents()
    {
        var events = JobEvents.FromTimeline(Id, Timeline);

        Assert.Equal(["The job has failed", "Fine-tuning job started", "Fine-tuning job queued", "Validating training file"], events.Select(e => e.Message));
        Assert.All(events, e => Assert.Equal("fine_tuning.job.event", e.Object));
        Assert.Equal(T0.AddMinutes(3).ToUnixTimeSeconds(), events[0].CreatedAt);
        Assert.Equal("error", events[0].Level);
        Assert.Equal("info", events[1].Level);
    }

    [Fact]
    public void FromTimeline_Ids_CountFromTheOldestAndAreMessages()
    {
        var events = JobEvents.FromTimeline(Id, Timeline);

        Assert.Equal(
            ["ftevent-0123456789abcdef0123456789abcdef-4", "ftevent-0123456789abcdef0123456789abcdef-3", "ftevent-0123456789abcdef0123456789abcdef-2", "ftevent-0123456789abcdef0123456789abcdef-1"],
            events.Select(e => e.Id));
        Assert.All(events, e => Assert.Equal("message", e.Type));
    }

    [Fact]
    public void FromSteps_AStep_IsAnOpenAIMetricsEvent()
    {
        var step = Assert.Single(JobEvents.FromSteps(Id, [new LiveStep(40, 1_750_000_000, 100, 0.8404, 0.9, 0.8131)]));

        Assert.Equal("ftevent-0123456789abcdef0123456789abcdef-step-40", step.Id);
        Assert.Equal("fine_tuning.job.event", step.Object);
        Assert.Equal("info", step.Level);
        Assert.Equal("metrics", step.Type);
        Assert.Equal(1_750_000_000, step.CreatedAt);
        Assert.Equal("Step 40/100: training loss=0.8404", step.Message);
        Assert.Equal("""{"step":40,"total_steps":100,"train_loss":0.8404,"valid_loss":0.9,"train_mean_token_accuracy":0.8131}""", step.Data!.Value.GetRawText());
    }

    [Theory]
    [InlineData(JobStatus.ValidatingFiles, "Validating training file")]
    [InlineData(JobStatus.Queued, "Fine-tuning job queued")]
    [InlineData(JobStatus.Running, "Fine-tuning job started")]
    [InlineData(JobStatus.Succeeded, "The job has successfully completed")]
    [InlineData(JobStatus.Failed, "The job has failed")]
    [InlineData(JobStatus.Cancelled, "The job was cancelled")]
    public void MessageFor_EachStatus_AsOpenAIWordsIt(string status, string message)
    {
        Assert.Equal(message, JobEvents.MessageFor(status));
    }

    [Fact]
    public void FromTimeline_GrownTimeline_KeepsEarlierIds()
    {
        var before = JobEvents.FromTimeline(Id, Timeline[..2]);
        var after = JobEvents.FromTimeline(Id, Timeline);

        Assert.Equal(before.Select(e => e.Id), after.TakeLast(2).Select(e => e.Id));
        Assert.Equal(4, after.Select(e => e.Id).Distinct().Count());
        Assert.All(after, e => RequestValidation.EnsureId(e.Id, "id"));
    }

    [Fact]
    public void Page_AfterAnEvent_ReturnsTheOlderOnes()
    {
        var events = JobEvents.FromTimeline(Id, Timeline);

        var first = ListPages.Page(events, e => e.Id, null, 2);
        var second = ListPages.Page(events, e => e.Id, first.Data[^1].Id, 2);

        Assert.True(first.HasMore);
        Assert.False(second.HasMore);
        Assert.Equal(events.Skip(2).Select(e => e.Id), second.Data.Select(e => e.Id));
    }

    [Fact]
    public void MessageFor_UnknownStatus_SaysIt()
    {
        Assert.Equal("Job status: pausing", JobEvents.MessageFor(JobStatus.Pausing));
    }

    [Fact]
    public void Merged_MetricsAmidTheTimeline_NewestFirstWithNoRepeats()
    {
        var timeline = JobEvents.FromTimeline(Id, Timeline);
        var atRunning = T0.AddMinutes(2).ToUnixTimeSeconds();
        JobEvent Metric(string id, long at) => new() { Id = id, Object = "fine_tuning.job.event", CreatedAt = at, Type = "metrics" };
        // Newest first as the provider lists them; one at the very second the job started running.
        IReadOnlyList<JobEvent> metrics = [Metric("ftevent-m2", atRunning + 30), Metric("ftevent-m1", atRunning), Metric(timeline[0].Id, 0)];

        var merged = JobEvents.Merged(timeline, metrics);

        Assert.Equal(
            [timeline[0].Id, "ftevent-m2", "ftevent-m1", timeline[1].Id, timeline[2].Id, timeline[3].Id],
            merged.Select(e => e.Id));
    }
}
