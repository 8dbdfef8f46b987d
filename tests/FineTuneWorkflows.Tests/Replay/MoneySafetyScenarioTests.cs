using FineTuneWorkflows.Activities.Creation;
using FineTuneWorkflows.Wire;
using FineTuneWorkflows.Tests.Replay.Capture;
using FineTuneWorkflows.Tests.Replay.History;
using FineTuneWorkflows.Tests.Replay.Scripting;
using FineTuneWorkflows.Workflows;
using Temporalio.Api.Enums.V1;
using Temporalio.Common;

using static FineTuneWorkflows.Tests.Replay.ActivityTypes;

namespace FineTuneWorkflows.Tests.Replay;

/// <summary>
/// The paths on which a paid job could be doubled or left unwatched, each replayed through the
/// real workflow and stated plainly: what it schedules, and how the run ends.
/// </summary>
public class MoneySafetyScenarioTests
{
    /// <summary>A caller's own key (FineTuneOptions.IdempotencyKey) keys the prepare step and the create, not the run id.</summary>
    [Fact]
    public async Task Run_CallersOwnKey_KeysThePrepareAndTheCreate()
    {
        var scenario = Script.Job("caller-key", options: new FineTuneOptions { IdempotencyKey = "caller-key-7f3a" })
            .Prepared(at: 1.Seconds())
            .Created(JobStatus.Running, at: 3.Seconds())
            .Succeeded(at: 2.Hours(), "ft:gpt-4o-mini:acme::caller", trainedTokens: 1_000, "file-result-caller")
            .Results(at: 2.Hours() + 40.Seconds(), null)
            .Build();

        var replayed = await ReplayAssert.MatchesScriptAsync(scenario);

        Assert.Equal("caller-key-7f3a", TemporalPayloads.Value<PrepareCreateInput>(replayed.Calls.First(c => c.Name == Prepare).Detail).IdempotencyKey);
        Assert.Equal("caller-key-7f3a", TemporalPayloads.Value<CreateJobInput>(replayed.Calls.First(c => c.Name == Create).Detail).IdempotencyKey);
    }

    /// <summary>A job that failed at the provider without a reason still fails the run plainly, for good.</summary>
    [Fact]
    public async Task Run_JobFailedWithoutAReason_FailsSayingSo()
    {
        var scenario = Script.Job("failed-without-reason")
            .Prepared(at: 1.Seconds())
            .Created(JobStatus.Running, at: 3.Seconds())
            .Then(JobStatus.Failed, at: 5.Minutes(), change: j => j with { Error = null })
            .Build();

        var replayed = await ReplayAssert.MatchesScriptAsync(scenario);

        Assert.Equal(OutcomeKind.Failed, replayed.Outcome.Kind);
        Assert.Equal("FineTuneJobFailed", replayed.Outcome.FailureType);
        Assert.Equal("Fine-tuning job ftjob-failed-without-reason failed: the provider gave no reason", replayed.Outcome.FailureMessage);
    }

    /// <summary>
    /// After a reset, the prepare step fails for good (say a bug, or a changed option): the earlier
    /// run's job is looked for before the run ends, and with none found the run fails as the
    /// prepare step did — never "cancelled", never "no job" without a look.
    /// </summary>
    [Fact]
    public async Task Run_AfterAResetThePrepareFailsForGoodAndNoJobIsFound_FailsAsThePrepareDid()
    {
        var scenario = Script.Job("reset-prepare-fails", runStart: JobScript.RunStart.Reset)
            .ActivityFails(InvalidRequestException.ErrorType, "artifact_folder: not writable", at: 1.Seconds())
            .Found(null, at: 2.Minutes())
            .Build();

        var replayed = await ReplayAssert.MatchesScriptAsync(scenario);

        Assert.Equal([Prepare, Find], replayed.ActivityNames());
        Assert.Equal(OutcomeKind.Failed, replayed.Outcome.Kind);
        Assert.Equal(Prepare, replayed.Outcome.FailedActivity);
        Assert.Equal(InvalidRequestException.ErrorType, replayed.Outcome.FailureType);
    }

    /// <summary>The same, and the earlier run's job is found: it is watched to its end like any job of this workflow.</summary>
    [Fact]
    public async Task Run_AfterAResetThePrepareFailsForGoodAndTheJobIsFound_WatchesIt()
    {
        var scenario = Script.Job("reset-prepare-fails-job-found", runStart: JobScript.RunStart.Reset)
            .ActivityFails(InvalidRequestException.ErrorType, "artifact_folder: not writable", at: 1.Seconds())
            .Found(JobStatus.Running, at: 2.Minutes())
            .Succeeded(at: 2.Hours(), "ft:gpt-4o-mini:acme::found", trainedTokens: 1_000, "file-result-found")
            .Results(at: 2.Hours() + 40.Seconds(), null)
            .Build();

        var replayed = await ReplayAssert.MatchesScriptAsync(scenario);

        Assert.Equal([Prepare, Find, Wait, Retrieve], replayed.ActivityNames());
        Assert.Equal(OutcomeKind.Completed, replayed.Outcome.Kind);
    }

    /// <summary>Cancelled after a reset, the find cannot tell the earlier run's job from a lookalike: the run fails naming them.</summary>
    [Fact]
    public async Task Run_AfterAResetCancelledAndTheFindIsAmbiguous_FailsWithTheFindsAccount()
    {
        var scenario = Script.Job("reset-find-ambiguous", runStart: JobScript.RunStart.Reset)
            .CancelRequested(at: 500.Milliseconds())
            .ActivityFails(CreationActivities.AmbiguousJobError, "Could not tell which provider job this workflow created. Candidates: ftjob-lookalike", at: 3.Minutes())
            .Build();

        var replayed = await ReplayAssert.MatchesScriptAsync(scenario);

        Assert.Equal([Prepare, Find], replayed.ActivityNames());
        Assert.Equal(OutcomeKind.Failed, replayed.Outcome.Kind);
        Assert.Equal(Find, replayed.Outcome.FailedActivity);
        Assert.Equal(CreationActivities.AmbiguousJobError, replayed.Outcome.FailureType);
    }

    /// <summary>The cancel's answer shows the job not yet moved: nothing is recorded as a change, and the watch goes on to the end.</summary>
    [Fact]
    public async Task Run_CancelAnsweredBeforeTheJobMoved_RecordsNoChangeAndWatchesToTheEnd()
    {
        var scenario = Script.Job("cancel-answered-unchanged")
            .Prepared(at: 1.Seconds())
            .Created(JobStatus.Running, at: 3.Seconds())
            .CancelRequested(at: 10.Minutes())
            .CancelAnswered(JobStatus.Running, at: 10.Minutes() + 20.Seconds())
            .Then(JobStatus.Cancelled, at: 11.Minutes())
            .Build();

        var replayed = await ReplayAssert.MatchesScriptAsync(scenario);

        Assert.Equal([Prepare, Create, Wait, Cancel, Wait], replayed.ActivityNames());
        Assert.Equal(OutcomeKind.Cancelled, replayed.Outcome.Kind);
    }

    [Fact]
    public async Task Run_AnOptionIsRefused_FailsBeforeAnyCreate()
    {
        var replayed = await ReplayAssert.MatchesScriptAsync(Scenarios.PrepareRejected());

        Assert.Equal([Prepare], replayed.ActivityNames());
        Assert.Equal(OutcomeKind.Failed, replayed.Outcome.Kind);
        Assert.Equal(Prepare, replayed.Outcome.FailedActivity);
        Assert.Equal(InvalidRequestException.ErrorType, replayed.Outcome.FailureType);
    }

    [Fact]
    public async Task Run_CancelledBeforeAnyCreate_EndsCancelledWithoutEverCreating()
    {
        var scenario = Scenarios.CancelDuringPrepare();
        var replayed = await ReplayAssert.MatchesScriptAsync(scenario);

        Assert.Equal([Prepare], replayed.ActivityNames());
        Assert.Equal(OutcomeKind.Cancelled, replayed.Outcome.Kind);
        Assert.Single(scenario.Last.History.Events, e => e.EventType == EventType.ActivityTaskCancelRequested);
    }

    [Fact]
    public async Task Update_CancelledBeforeAnyCreate_TellsTheCallerNoJobExists()
    {
        var replayed = await ReplayAssert.MatchesScriptAsync(Scenarios.UpdateCancelDuringPrepare());

        var refused = TemporalPayloads.Value<UpdateFailure>(Assert.Single(replayed.Calls, c => c.Kind == CapturedCall.UpdateFailed).Detail);
        Assert.Equal("FineTuneCancelledBeforeJob", refused.Type);
        Assert.Contains("no job exists", refused.Message, StringComparison.Ordinal);
        Assert.Equal(OutcomeKind.Cancelled, replayed.Outcome.Kind);
    }

    [Fact]
    public async Task Update_CancelWhileTheCreateRuns_IsAnsweredWithTheJobWhichIsThenCancelled()
    {
        var replayed = await ReplayAssert.MatchesScriptAsync(Scenarios.UpdateCancelDuringCreate());

        var answered = TemporalPayloads.Value<FineTuningJob>(Assert.Single(replayed.Calls, c => c.Kind == CapturedCall.Update).Detail);
        Assert.Equal("ftjob-update-cancel-during-create", answered.Id);
        Assert.DoesNotContain(replayed.Calls, c => c.Kind == CapturedCall.UpdateFailed);
        Assert.Equal([Prepare, Create, Cancel, Wait], replayed.ActivityNames());
        Assert.Equal(OutcomeKind.Cancelled, replayed.Outcome.Kind);
    }

    [Fact]
    public async Task Run_CancelLandsWithTheContinueAsNewTimer_CancelsTheJobAndNeverContinues()
    {
        var scenario = Scenarios.CancelWithContinueAsNewTimer();
        var replayed = await ReplayAssert.MatchesScriptAsync(scenario);

        Assert.Single(scenario.Runs);
        Assert.DoesNotContain(replayed.Calls, c => c.Kind == CapturedCall.ContinueAsNew);
        Assert.Equal([Prepare, Create, Wait, Wait, Cancel], replayed.ActivityNames());
        Assert.Equal(OutcomeKind.Cancelled, replayed.Outcome.Kind);
        var events = scenario.Last.History.Events.ToList();
        var fired = events.Single(e => e.EventType == EventType.TimerFired).EventId;
        Assert.Equal(EventType.WorkflowExecutionCancelRequested, events[(int)fired].EventType);
    }

    [Fact]
    public async Task Run_CancelLandsWithTheContinueAsNewTimer_AsNewWork_SchedulesTheCancelInThatTask()
    {
        // Handed to a worker as the server hands it (the task runs as new work, not replay), the
        // task that sees the timer fire and the cancel must cancel the job, not continue as new.
        var run = Assert.Single(Scenarios.CancelWithContinueAsNewTimer().Runs);
        var events = run.History.Events.ToList();
        var cancel = events.Single(e => e.EventType == EventType.WorkflowExecutionCancelRequested).EventId;
        var started = events.First(e => e.EventType == EventType.WorkflowTaskStarted && e.EventId > cancel).EventId;

        var replayed = await WorkflowReplay.RunAsync(new WorkflowHistory(run.History.Id, events.Take((int)started).ToList()));

        Assert.Null(replayed.Failure);
        Assert.Equal(OutcomeKind.Running, replayed.Outcome.Kind);
        Assert.Equal(Cancel, replayed.Calls.Last(c => c.Kind == CapturedCall.Activity).Name);
    }

    [Fact]
    public async Task Run_WatchFailsForGood_CancelsTheJobThenFailsSayingSo()
    {
        var replayed = await ReplayAssert.MatchesScriptAsync(Scenarios.WatchFails());

        Assert.Equal([Prepare, Create, Wait, Wait, Cancel, Wait], replayed.ActivityNames());
        Assert.Equal(OutcomeKind.Failed, replayed.Outcome.Kind);
        Assert.Equal("FineTuneWatchFailed", replayed.Outcome.FailureType);
        Assert.Contains("404 Not Found", replayed.Outcome.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("the job was cancelled at the provider; it is now cancelled", replayed.Outcome.FailureMessage, StringComparison.Ordinal);
        Assert.Null(replayed.Outcome.FailedActivity);
    }

    [Fact]
    public async Task Run_WatchFailsAsTheJobSucceeds_StillStoresItsResults()
    {
        var replayed = await ReplayAssert.MatchesScriptAsync(Scenarios.WatchFailsAfterSuccess());

        Assert.Equal([Prepare, Create, Wait, Wait, Cancel, Retrieve], replayed.ActivityNames());
        Assert.Equal(OutcomeKind.Completed, replayed.Outcome.Kind);
        Assert.Equal([Scenarios.Artifact], TemporalPayloads.Value<FineTuneResult>(replayed.Outcome.Json!).Artifacts);
    }

    [Fact]
    public async Task Run_RetryOfAFailedRun_KeysTheCreateOnTheFirstRunAndSaysAnEarlierRunMayHaveCreated()
    {
        var replayed = await ReplayAssert.MatchesScriptAsync(Scenarios.RetriedRun());

        // When the failed run started is not known to its retry: every job since ever may be its.
        var (prepare, create) = replayed.PrepareAndCreate();
        Assert.Equal("retried-run-run-0", prepare.IdempotencyKey);
        Assert.Equal(DateTimeOffset.UnixEpoch, prepare.EarlierRunSince);
        Assert.Equal("retried-run-run-0", create.IdempotencyKey);
        Assert.Equal(DateTimeOffset.UnixEpoch, create.EarlierRunSince);
        Assert.Equal(OutcomeKind.Completed, replayed.Outcome.Kind);
    }

    [Fact]
    public async Task Run_ResetToTheFirstTask_CreatesWithTheBaseRunsKey()
    {
        var scenario = Scenarios.ResetBeforeCreate();
        var replayed = await ReplayAssert.MatchesScriptAsync(scenario);

        var failed = Assert.Single(scenario.Last.History.Events, e => e.EventType == EventType.WorkflowTaskFailed);
        Assert.Equal(WorkflowTaskFailedCause.ResetWorkflow, failed.WorkflowTaskFailedEventAttributes.Cause);
        var create = TemporalPayloads.Value<CreateJobInput>(replayed.Calls.Where(c => c.Kind == CapturedCall.Activity).ElementAt(1).Detail);
        Assert.Equal("reset-before-create-run-1", create.IdempotencyKey);

        // The base run started with the workflow: its job, if it made one, is since then.
        Assert.Equal(Script.Epoch, create.EarlierRunSince);
        Assert.Equal(OutcomeKind.Completed, replayed.Outcome.Kind);
    }
}
