using FineTuneWorkflows.Activities;
using FineTuneWorkflows.Activities.Creation;
using FineTuneWorkflows.Activities.Polling;
using FineTuneWorkflows.Wire;
using FineTuneWorkflows.Tests.Replay.Capture;
using FineTuneWorkflows.Tests.Replay.History;
using FineTuneWorkflows.Tests.Replay.Scripting;
using FineTuneWorkflows.Workflows;
using Temporalio.Api.Enums.V1;

using static FineTuneWorkflows.Tests.Replay.ActivityTypes;
using FineTuneWorkflows.Activities.Cancel;

namespace FineTuneWorkflows.Tests.Replay;

/// <summary>
/// What each scenario must do, stated plainly against the replayed workflow (not against the
/// script), so a script that drifted from the design would be caught here too.
/// </summary>
public class WorkflowScenarioTests
{
    [Fact]
    public async Task Run_JobSucceeds_ReturnsResultWithTimelineAndMetrics()
    {
        var replayed = await ReplayAssert.MatchesScriptAsync(Scenarios.Success());

        Assert.Equal([Prepare, Create, Wait, Wait, Wait, Retrieve], replayed.ActivityNames());
        Assert.Equal(OutcomeKind.Completed, replayed.Outcome.Kind);
        var result = TemporalPayloads.Value<FineTuneResult>(replayed.Outcome.Json!);
        Assert.Equal("ftjob-success", result.JobId);
        Assert.Equal(JobStatus.Succeeded, result.Status);
        Assert.Equal(Scenarios.FineTunedModel, result.FineTunedModel);
        Assert.Equal(1_250_000, result.TrainedTokens);
        Assert.Equal(["file-result-5d2e"], result.ResultFiles);
        Assert.Equal(Scenarios.Metrics, result.Metrics);
        Assert.Equal([Scenarios.Artifact], result.Artifacts);

        // Workflow time is the time of the task that saw each status: the answer plus the task's latency.
        var seen = HistoryWriter.TaskLatency;
        Assert.Equal(
            [
                new StatusTransition(JobStatus.ValidatingFiles, Script.Epoch + 3.Seconds() + seen),
                new StatusTransition(JobStatus.Queued, Script.Epoch + 4.Minutes() + seen),
                new StatusTransition(JobStatus.Running, Script.Epoch + 25.Minutes() + seen),
                new StatusTransition(JobStatus.Succeeded, Script.Epoch + 2.Hours() + seen),
            ],
            result.Timeline);
    }

    [Fact]
    public async Task Run_JobSucceeds_CreatesOnceWithRunKeyAndWaitsFromEachKnownStatus()
    {
        var replayed = await ReplayAssert.MatchesScriptAsync(Scenarios.Success());

        var (prepare, create) = replayed.PrepareAndCreate();
        Assert.Equal("success-run-1", prepare.IdempotencyKey);
        Assert.Equal(Script.Request, prepare.Request);
        Assert.Equal("success-run-1", create.IdempotencyKey);
        Assert.Equal(Script.Request.TrainingFile, create.Request.TrainingFile);
        Assert.Equal(Script.Epoch + TimeSpan.FromSeconds(1) + HistoryWriter.TaskLatency, create.RequestedAt);

        // What the provider listed before the create, as the prepare step answered it, travels on.
        Assert.Equal(["ftjob-older"], create.Before!.Ids);
        Assert.Equal(Script.Epoch.AddHours(-1).ToUnixTimeSeconds(), create.Before.NewestCreatedAt);
        Assert.Null(create.EarlierRunSince);
        Assert.Equal(
            [JobStatus.ValidatingFiles, JobStatus.Queued, JobStatus.Running],
            replayed.Calls.Where(a => a.Kind == CapturedCall.Activity && a.Name == Wait).Select(a => TemporalPayloads.Value<CheckJobInput>(a.Detail).KnownStatus));
        Assert.Contains(
            replayed.Calls,
            c => c.Kind == CapturedCall.SearchAttributes && c.Detail ==
                "FineTuneJobId=ftjob-success; FineTuneModel=gpt-4o-mini-2024-07-18; FineTuneProvider=portkey (openai); FineTuneStatus=validating_files");
        Assert.Equal(
            "FineTuneJobId=ftjob-success; FineTuneModel=gpt-4o-mini-2024-07-18; FineTuneProvider=portkey (openai); FineTuneStatus=succeeded",
            replayed.Calls.Last(c => c.Kind == CapturedCall.SearchAttributes).Detail);
    }

    [Fact]
    public async Task Run_JobFailsAtProvider_FailsWithProviderErrorCodeAndDetails()
    {
        var replayed = await ReplayAssert.MatchesScriptAsync(Scenarios.ProviderFailure());

        Assert.Equal([Prepare, Create, Wait], replayed.ActivityNames());
        Assert.Equal(OutcomeKind.Failed, replayed.Outcome.Kind);
        Assert.Equal("invalid_training_file", replayed.Outcome.FailureType);
        Assert.Null(replayed.Outcome.FailedActivity);
        Assert.Equal(
            new ProviderErrorDetails("invalid_training_file", "Line 12 of the training file is not valid JSON", "training_file", null),
            TemporalPayloads.Value<ProviderErrorDetails>(replayed.Outcome.FailureDetails!));
    }

    [Fact]
    public async Task Run_JobCancelledAtProvider_FailsAsCancelledAtProviderWithoutCancelling()
    {
        var replayed = await ReplayAssert.MatchesScriptAsync(Scenarios.CancelledAtProvider());

        Assert.Equal([Prepare, Create, Wait, Wait, Wait], replayed.ActivityNames());
        Assert.Equal(OutcomeKind.Failed, replayed.Outcome.Kind);
        Assert.Equal("FineTuneJobCancelledAtProvider", replayed.Outcome.FailureType);
    }

    [Fact]
    public async Task Run_CancelDuringCreate_CreatesThenCancelsTheJobAndEndsCancelled()
    {
        var scenario = Scenarios.CancelDuringCreate();
        var replayed = await ReplayAssert.MatchesScriptAsync(scenario);

        // The create is never cut short (that could leave a paid job nobody knows of); the job it made is cancelled.
        Assert.Equal([Prepare, Create, Cancel, Wait], replayed.ActivityNames());
        Assert.DoesNotContain(scenario.Last.History.Events, e => e.EventType == EventType.ActivityTaskCancelRequested);
        Assert.Equal(JobStatus.Cancelling, TemporalPayloads.Value<CheckJobInput>(replayed.Calls.Last(c => c.Name == Wait).Detail).KnownStatus);
        Assert.Equal(OutcomeKind.Cancelled, replayed.Outcome.Kind);
    }

    [Fact]
    public async Task Run_CancelDuringWait_CancelsTheWaitThenTheJobAndEndsCancelled()
    {
        var scenario = Scenarios.CancelDuringWait();
        var replayed = await ReplayAssert.MatchesScriptAsync(scenario);

        Assert.Equal([Prepare, Create, Wait, Wait, Wait, Cancel, Wait], replayed.ActivityNames());
        var cancelled = Assert.Single(scenario.Last.History.Events, e => e.EventType == EventType.ActivityTaskCancelRequested);
        var runningWait = scenario.Last.History.Events.Where(e => e.EventType == EventType.ActivityTaskScheduled).ElementAt(4);
        Assert.Equal(runningWait.EventId, cancelled.ActivityTaskCancelRequestedEventAttributes.ScheduledEventId);
        Assert.Equal(TemporalPayloads.Json(new CancelJobInput("ftjob-cancel-during-wait")), replayed.Calls.Single(c => c.Name == Cancel).Detail);
        Assert.Equal(OutcomeKind.Cancelled, replayed.Outcome.Kind);
    }

    [Fact]
    public async Task Run_CancelDuringResultRetrieval_StillReturnsTheResult()
    {
        var replayed = await ReplayAssert.MatchesScriptAsync(Scenarios.CancelDuringResults());

        Assert.Equal([Prepare, Create, Wait, Wait, Wait, Retrieve], replayed.ActivityNames());
        Assert.Equal(OutcomeKind.Completed, replayed.Outcome.Kind);
        var result = TemporalPayloads.Value<FineTuneResult>(replayed.Outcome.Json!);
        Assert.Equal([Scenarios.Artifact], result.Artifacts);
    }

    [Fact]
    public async Task Run_ActivitiesRetried_HistoryHoldsOnlyTheFinalAttemptAndTheResultIsUnchanged()
    {
        var scenario = Scenarios.RetriedActivities();
        var replayed = await ReplayAssert.MatchesScriptAsync(scenario);

        var events = scenario.Last.History.Events;
        Assert.Equal([1, 3, 3, 1, 1, 1], events.Where(e => e.EventType == EventType.ActivityTaskStarted).Select(e => e.ActivityTaskStartedEventAttributes.Attempt));
        Assert.DoesNotContain(events, e => e.EventType == EventType.ActivityTaskFailed);
        Assert.Equal([Prepare, Create, Wait, Wait, Wait, Retrieve], replayed.ActivityNames());
        Assert.Equal(OutcomeKind.Completed, replayed.Outcome.Kind);
    }

    [Fact]
    public async Task Run_CreateRejected_FailsWithTheActivityFailureAndNeverWaits()
    {
        var replayed = await ReplayAssert.MatchesScriptAsync(Scenarios.CreateRejected());

        Assert.Equal([Prepare, Create], replayed.ActivityNames());
        Assert.Equal(OutcomeKind.Failed, replayed.Outcome.Kind);
        Assert.Equal(Create, replayed.Outcome.FailedActivity);
        Assert.Equal(InvalidRequestException.ErrorType, replayed.Outcome.FailureType);
        Assert.DoesNotContain(replayed.Calls, c => c.Kind == CapturedCall.SearchAttributes);
    }

    [Fact]
    public async Task Run_UnknownAndPausedStatuses_AreWaitedOutLikeAnyOther()
    {
        var replayed = await ReplayAssert.MatchesScriptAsync(Scenarios.UnknownAndPausedStatuses());

        Assert.Equal(
            [JobStatus.ValidatingFiles, "defrosting", JobStatus.Queued, JobStatus.Running, JobStatus.Paused, JobStatus.Running],
            replayed.Calls.Where(c => c.Name == Wait).Select(c => TemporalPayloads.Value<CheckJobInput>(c.Detail).KnownStatus));
        var result = TemporalPayloads.Value<FineTuneResult>(replayed.Outcome.Json!);
        Assert.Equal(
            [JobStatus.ValidatingFiles, "defrosting", JobStatus.Queued, JobStatus.Running, JobStatus.Paused, JobStatus.Running, JobStatus.Succeeded],
            result.Timeline.Select(t => t.Status));
    }

    [Fact]
    public async Task Run_ContinueAsNewSuggested_CarriesJobAndTimelineAndNeverCreatesAgain()
    {
        var scenario = Scenarios.ContinueAsNew();
        Assert.Equal(2, scenario.Runs.Count);

        var first = await ReplayAssert.MatchesScriptAsync(scenario.Runs[0]);
        Assert.Equal(OutcomeKind.ContinuedAsNew, first.Outcome.Kind);
        var carried = TemporalPayloads.Value<FineTuneInput>(first.Outcome.Json!);
        Assert.Equal("ftjob-continue-as-new", carried.Carry!.Job.Id);
        Assert.Equal(JobStatus.Running, carried.Carry.Job.Status);
        Assert.Equal(Script.Provider, carried.Carry.Provider);
        Assert.Equal([JobStatus.ValidatingFiles, JobStatus.Queued, JobStatus.Running], carried.Carry.Timeline.Select(t => t.Status));

        var second = await ReplayAssert.MatchesScriptAsync(scenario.Runs[1]);
        Assert.DoesNotContain(Create, second.ActivityNames());
        Assert.Equal(JobStatus.Running, TemporalPayloads.Value<CheckJobInput>(second.Calls.First(c => c.Name == Wait).Detail).KnownStatus);
        var result = TemporalPayloads.Value<FineTuneResult>(second.Outcome.Json!);
        Assert.Equal(
            [JobStatus.ValidatingFiles, JobStatus.Queued, JobStatus.Running, JobStatus.Paused, JobStatus.Running, JobStatus.Succeeded],
            result.Timeline.Select(t => t.Status));
    }

    [Fact]
    public async Task Run_CancelArrivesWithAStatusChange_CancelsTheJobWithoutAnotherWait()
    {
        var scenario = Scenarios.CancelWithStatusChange();
        var replayed = await ReplayAssert.MatchesScriptAsync(scenario);

        // The code asks for one more wait with the cancel already landed: the SDK refuses it
        // without a command, so history schedules only the cancel of the job.
        Assert.Equal([Prepare, Create, Wait, Wait, Cancel], replayed.ActivityNames());
        Assert.Equal(Wait, Assert.Single(replayed.Calls, c => c.Kind == CapturedCall.ActivityRefused).Name);
        Assert.Equal(
            [Prepare, Create, Wait, Wait, Cancel],
            scenario.Last.History.Events.Where(e => e.EventType == EventType.ActivityTaskScheduled).Select(e => e.ActivityTaskScheduledEventAttributes.ActivityType.Name));
        Assert.Equal(OutcomeKind.Cancelled, replayed.Outcome.Kind);
    }
}
