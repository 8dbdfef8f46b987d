using FineTuneWorkflows.Tests.Replay.Capture;
using FineTuneWorkflows.Tests.Replay.History;
using FineTuneWorkflows.Tests.Replay.Scripting;
using FineTuneWorkflows.Wire;
using FineTuneWorkflows.Workflows;
using Temporalio.Api.Enums.V1;
using Temporalio.Common;

namespace FineTuneWorkflows.Tests.Replay;

/// <summary>
/// The Starter starts every fine-tune with Update-with-Start: the WaitForJob update rides in the
/// first workflow task and is answered once the provider job exists (or the create failed).
/// These replay the update's events through the real workflow and check what its caller gets.
/// </summary>
public class UpdateWithStartTests
{
    [Fact]
    public async Task Update_JobCreated_AnswersWithTheCreatedJobAndItsStatus()
    {
        var run = Assert.Single(Scenarios.UpdateWithStart().Runs);

        var replayed = await ReplayAssert.MatchesScriptAsync(run);

        var answered = Assert.Single(replayed.Calls, c => c.Kind == CapturedCall.Update);
        Assert.Equal(JobScript.WaitForJobUpdate, answered.Name);
        var job = TemporalPayloads.Value<FineTuningJob>(answered.Detail);
        Assert.Equal("ftjob-update-with-start", job.Id);
        Assert.Equal(JobStatus.ValidatingFiles, job.Status);
        Assert.Equal(Script.Request.Model, job.Model);
        Assert.Equal(Script.Request.TrainingFile, job.TrainingFile);

        // Answered in the task that saw the job created, after that task's wait was asked for,
        // and the job then runs to its result as any other.
        Assert.Equal(
            ["PrepareCreate", "CreateJob", "CheckJob", JobScript.WaitForJobUpdate, "CheckJob", "CheckJob", "RetrieveResultFiles"],
            replayed.Calls.Where(c => c.Kind is CapturedCall.Activity or CapturedCall.Update).Select(c => c.Name));
        Assert.Equal(OutcomeKind.Completed, replayed.Outcome.Kind);
        Assert.Equal(JobStatus.Succeeded, TemporalPayloads.Value<FineTuneResult>(replayed.Outcome.Json!).Status);

        // The history says the same: accepted in the first task, before anything was scheduled,
        // and completed with the very job the handler returned, after the create completed.
        var events = run.History.Events.ToList();
        var accepted = Assert.Single(events, e => e.EventType == EventType.WorkflowExecutionUpdateAccepted);
        var firstTaskCompleted = events.First(e => e.EventType == EventType.WorkflowTaskCompleted);
        Assert.Equal(firstTaskCompleted.EventId + 1, accepted.EventId);
        Assert.Equal(events.First(e => e.EventType == EventType.WorkflowTaskScheduled).EventId, accepted.WorkflowExecutionUpdateAcceptedEventAttributes.AcceptedRequestSequencingEventId);
        Assert.Equal(
            [EventType.MarkerRecorded, EventType.UpsertWorkflowSearchAttributes, EventType.MarkerRecorded, EventType.UpsertWorkflowSearchAttributes, EventType.ActivityTaskScheduled],
            events.Skip((int)accepted.EventId).Take(5).Select(e => e.EventType));

        var completed = Assert.Single(events, e => e.EventType == EventType.WorkflowExecutionUpdateCompleted);
        var attributes = completed.WorkflowExecutionUpdateCompletedEventAttributes;
        Assert.Equal(accepted.EventId, attributes.AcceptedEventId);
        Assert.Equal(accepted.WorkflowExecutionUpdateAcceptedEventAttributes.ProtocolInstanceId, attributes.Meta.UpdateId);
        var createCompleted = events.Where(e => e.EventType == EventType.ActivityTaskCompleted).ElementAt(1);
        Assert.True(completed.EventId > createCompleted.EventId, "the update completed before the job existed");
        Assert.Equal(answered.Detail, Assert.Single(attributes.Outcome.Success.Payloads_).Data.ToStringUtf8());
    }

    [Fact]
    public async Task Update_CreateRejected_FailsWithTheProvidersReasonBeforeTheRunFails()
    {
        var run = Assert.Single(Scenarios.UpdateCreateRejected().Runs);

        var replayed = await ReplayAssert.MatchesScriptAsync(run);

        Assert.DoesNotContain(replayed.Calls, c => c.Kind == CapturedCall.Update);
        var refused = Assert.Single(replayed.Calls, c => c.Kind == CapturedCall.UpdateFailed);
        Assert.Equal(JobScript.WaitForJobUpdate, refused.Name);
        var failure = TemporalPayloads.Value<UpdateFailure>(refused.Detail);
        Assert.StartsWith("The fine-tuning job could not be created", failure.Message, StringComparison.Ordinal);
        Assert.EndsWith("training_file must name a .jsonl file", failure.Message, StringComparison.Ordinal);
        Assert.Equal(InvalidRequestException.ErrorType, failure.Type);
        Assert.Equal(OutcomeKind.Failed, replayed.Outcome.Kind);
        Assert.Equal("CreateJob", replayed.Outcome.FailedActivity);
        Assert.Equal(["PrepareCreate", "CreateJob"], replayed.ActivityNames());

        // The update's failure is written before the run's: core sends the terminal command last.
        var events = run.History.Events.ToList();
        var completed = Assert.Single(events, e => e.EventType == EventType.WorkflowExecutionUpdateCompleted);
        Assert.Equal(failure.Message, completed.WorkflowExecutionUpdateCompletedEventAttributes.Outcome.Failure.Message);
        Assert.Equal(EventType.WorkflowExecutionFailed, events[^1].EventType);
        Assert.Equal(events[^1].EventId - 1, completed.EventId);
    }

    /// <summary>
    /// A worker that restarts while the create runs gets the first task's events, the update's
    /// acceptance among them: it must take the update up again and keep it waiting, not answer it.
    /// </summary>
    [Fact]
    public async Task Replay_RestartWhileCreating_TakesTheUpdateUpAgainAndKeepsItWaiting()
    {
        var run = Assert.Single(Scenarios.UpdateWithStart().Runs);
        var events = run.History.Events.ToList();
        var createScheduled = events.Where(e => e.EventType == EventType.ActivityTaskScheduled).ElementAt(1).EventId;
        Assert.Contains(events.Take((int)createScheduled), e => e.EventType == EventType.WorkflowExecutionUpdateAccepted);

        var replayed = await WorkflowReplay.RunAsync(new WorkflowHistory(run.History.Id, events.Take((int)createScheduled).ToList()));

        Assert.Null(replayed.Failure);
        Assert.Equal(["PrepareCreate", "CreateJob"], replayed.ActivityNames());
        Assert.DoesNotContain(replayed.Calls, c => c.Kind is CapturedCall.Update or CapturedCall.UpdateFailed);
        Assert.Equal(OutcomeKind.Running, replayed.Outcome.Kind);
    }
}
