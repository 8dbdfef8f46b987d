using FineTuneWorkflows.Activities.Polling;
using FineTuneWorkflows.Tests.Replay.Capture;
using FineTuneWorkflows.Tests.Replay.Fixtures;
using FineTuneWorkflows.Tests.Replay.History;
using FineTuneWorkflows.Tests.Replay.Scripting;
using FineTuneWorkflows.Wire;
using Temporalio.Common;

namespace FineTuneWorkflows.Tests.Replay;

/// <summary>
/// A run begun before the slot-free wait, picked up mid-wait by today's worker: it keeps the
/// heartbeating wait it began with until the run ends (a patch is decided once per run), so no
/// run mixes the two; its next run, after continue-as-new, checks without a slot.
/// </summary>
public class WaitVersionTests
{
    /// <summary>Events 1–21 of the v2 success fixture: the first <c>WaitForStatusChange</c> scheduled (20) and under way (21).</summary>
    private const int FirstWaitUnderWay = 21;

    private const long FirstWaitScheduled = 20;

    /// <summary>Events 1–35 of the v2 success fixture: the third wait (from running) scheduled (34) and under way (35).</summary>
    private const int LastWaitUnderWay = 35;

    private const long LastWaitScheduled = 34;

    private static WorkflowHistory PickedUp(HistoryWriter writer)
    {
        writer.WorkflowTask();
        return new WorkflowHistory(writer.WorkflowId, [.. writer.Events.Take(writer.Count - 1)]);
    }

    /// <summary>Cancelled mid-wait after the deploy: the old wait is cancelled and the job with it.</summary>
    [Fact]
    public async Task RunBegunWithTheHeartbeatingWait_CancelledMidWait_CancelsTheJob()
    {
        var writer = HistoryWriter.Continuing(FixtureFiles.ReadHistory("v2/success.run1"), FirstWaitUnderWay);
        writer.AdvanceTo(writer.Now + TimeSpan.FromMinutes(2));
        writer.WorkflowExecutionCancelRequested("cancelled by its owner");

        var replayed = await WorkflowReplay.RunAsync(PickedUp(writer));

        Assert.Null(replayed.Failure);
        Assert.Equal([ActivityTypes.Prepare, ActivityTypes.Create, ActivityTypes.HeartbeatingWait, ActivityTypes.Cancel], replayed.ActivityNames());
    }

    /// <summary>
    /// Its job succeeds after the deploy: the download goes to the long-work queue (a patch of its
    /// own, decided here for the first time in this run), where every default worker looks.
    /// </summary>
    [Fact]
    public async Task RunBegunWithTheHeartbeatingWait_JobSucceedsAfterTheDeploy_ResultsGoToTheLongWorkQueue()
    {
        var writer = HistoryWriter.Continuing(FixtureFiles.ReadHistory("v2/success.run1"), LastWaitUnderWay);
        writer.AdvanceTo(writer.Now + TimeSpan.FromMinutes(90));
        var succeeded = new FineTuningJob
        {
            Id = "ftjob-abc123", Model = "gpt-4o-mini-2024-07-18", Status = JobStatus.Succeeded, CreatedAt = Script.Epoch.ToUnixTimeSeconds(),
            FineTunedModel = "ft:gpt-4o-mini:acme", ResultFiles = ["file-result-1"],
        };
        writer.ActivityTaskCompleted(LastWaitScheduled, LastWaitUnderWay, TemporalPayloads.Payload(new WaitForStatusChangeOutput(succeeded, Polls: 40)));

        var replayed = await WorkflowReplay.RunAsync(PickedUp(writer));

        Assert.Null(replayed.Failure);
        var retrieve = Assert.Single(replayed.Calls, c => c.Name == ActivityTypes.Retrieve);
        Assert.Equal("fine-tune-long", retrieve.Queue);
    }

    [Fact]
    public async Task RunBegunWithTheHeartbeatingWait_ItsNextWaitIsTheSameKind()
    {
        var writer = HistoryWriter.Continuing(FixtureFiles.ReadHistory("v2/success.run1"), FirstWaitUnderWay);
        writer.AdvanceTo(writer.Now + TimeSpan.FromMinutes(4));
        var queued = new FineTuningJob { Id = "ftjob-abc123", Model = "gpt-4o-mini-2024-07-18", Status = JobStatus.Queued, CreatedAt = Script.Epoch.ToUnixTimeSeconds() };
        writer.ActivityTaskCompleted(FirstWaitScheduled, FirstWaitUnderWay, TemporalPayloads.Payload(new WaitForStatusChangeOutput(queued, Polls: 9)));
        var replayed = await WorkflowReplay.RunAsync(PickedUp(writer));

        Assert.Null(replayed.Failure);
        Assert.Equal(OutcomeKind.Running, replayed.Outcome.Kind);
        Assert.Equal(
            [ActivityTypes.Prepare, ActivityTypes.Create, ActivityTypes.HeartbeatingWait, ActivityTypes.HeartbeatingWait],
            replayed.ActivityNames());
    }

    /// <summary>
    /// A provider that sends its times in microseconds: what the workflow shows in the Web UI is
    /// worked out from them, and must never fail the workflow task (which would stop the watch,
    /// and a cancel with it, until a fix is deployed).
    /// </summary>
    [Fact]
    public async Task JobTimesNoDateCanHold_TheWaitGoesOn()
    {
        var scenario = Script.Job("microsecond-times")
            .Prepared(at: TimeSpan.FromSeconds(1))
            .Created(JobStatus.ValidatingFiles, at: TimeSpan.FromSeconds(3))
            .Then(JobStatus.Queued, at: TimeSpan.FromMinutes(4), j => j with { CreatedAt = 1_800_000_000_000_000, EstimatedFinish = 1_800_000_900_000_000 })
            .Then(JobStatus.Running, at: TimeSpan.FromMinutes(25))
            .Build();

        var replayed = await ReplayAssert.MatchesScriptAsync(scenario);

        Assert.Equal(OutcomeKind.Running, replayed.Outcome.Kind);
    }
}
