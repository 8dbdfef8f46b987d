using FineTuneWorkflows.Activities.Pause;
using FineTuneWorkflows.Tests.Replay.Capture;
using FineTuneWorkflows.Tests.Replay.History;
using FineTuneWorkflows.Workflows;
using Temporalio.Api.Enums.V1;
using Temporalio.Exceptions;

namespace FineTuneWorkflows.Tests.Replay.Scripting;

/// <summary>
/// Pause and resume: a Temporal client's update, accepted while the job is watched, whose handler
/// runs the provider call beside the pending check. The check is left alone: the job is watched
/// the whole time, paused or not.
/// </summary>
public sealed partial class JobScript
{
    private PauseInFlight? pause;

    /// <summary>The <c>Pause</c> (or <c>Resume</c>) update arrives at <paramref name="at"/>: accepted, and its activity scheduled.</summary>
    public JobScript PauseRequested(TimeSpan at, bool resume = false)
    {
        Expect(Step.Waiting);
        if (pause is not null)
        {
            throw new InvalidOperationException("Not scripted: a second pause or resume while one is out");
        }

        AdvanceTo(at);
        var task = BeginTask();
        var update = resume ? "Resume" : "Pause";
        var updateId = $"{name}-{update.ToLowerInvariant()}-{(int)at.TotalSeconds}";
        var accepted = writer.WorkflowExecutionUpdateAccepted(updateId, update, null, task.ScheduledEventId);
        var activityId = (++activitySeq).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var activity = resume ? "ResumeJob" : "PauseJob";
        var input = new PauseJobInput(job!.Id);
        var options = ActivityPolicies.Pause;
        Note(CapturedCall.Activity, activity, input, options.TaskQueue);
        var scheduled = writer.ActivityTaskScheduled(task.CompletedEventId, activityId, activity, TemporalPayloads.Payload(input), options);
        pause = new PauseInFlight(update, new AcceptedUpdate(updateId, accepted), scheduled, activity, activityId);
        return this;
    }

    /// <summary>The provider answers the pause (or resume) with the job in <paramref name="status"/>: the handler records it and answers the update.</summary>
    public JobScript PauseAnswered(string status, TimeSpan at)
    {
        var p = pause ?? throw new InvalidOperationException("No pause or resume is out");
        AdvanceTo(at);
        var answered = job! with { Status = status };
        var started = writer.ActivityTaskStarted(p.ScheduledEventId, 1);
        writer.ActivityTaskCompleted(p.ScheduledEventId, started, TemporalPayloads.Payload(new PauseJobOutput(answered)));
        var task = BeginTask();
        Observe(task, answered);
        var view = answered with { Status = this.status };
        Note(CapturedCall.Update, p.Update, view);
        writer.WorkflowExecutionUpdateCompleted(p.Accepted.Id, p.Accepted.AcceptedEventId, TemporalPayloads.Payload(view));
        pause = null;
        return this;
    }

    /// <summary>
    /// The pause (or resume) fails for good at <paramref name="at"/> (the provider refused it, or its
    /// two minutes ran out): the update fails with the activity's failure, the job's status is left
    /// as the checks see it, and the pending check goes on.
    /// </summary>
    public JobScript PauseFails(string errorType, string message, TimeSpan at)
    {
        var p = pause ?? throw new InvalidOperationException("No pause or resume is out");
        AdvanceTo(at);
        var started = writer.ActivityTaskStarted(p.ScheduledEventId, 1);
        var cause = TemporalPayloads.Failure(new ApplicationFailureException(message, errorType, nonRetryable: true));
        writer.ActivityTaskFailed(p.ScheduledEventId, started, cause, RetryState.NonRetryableFailure);
        BeginTask();
        writer.WorkflowExecutionUpdateFailed(p.Accepted.Id, p.Accepted.AcceptedEventId, ActivityFailed(p, cause, started, RetryState.NonRetryableFailure));
        Note(CapturedCall.UpdateFailed, p.Update, new UpdateFailure(null, "Activity task failed"));
        pause = null;
        return this;
    }

    /// <summary>
    /// The workflow is cancelled at <paramref name="at"/> while a pause (or resume) is out, between
    /// checks: the pause is called off (its update fails as cancelled), the check too, and the job
    /// is cancelled at the provider as in any cancel during a wait.
    /// </summary>
    public JobScript CancelRequestedWhilePauseOut(TimeSpan at)
    {
        var p = pause ?? throw new InvalidOperationException("No pause or resume is out");
        var check = Expect(Step.Waiting);
        AdvanceTo(at);
        writer.WorkflowExecutionCancelRequested("fine-tune cancelled by its owner");
        cancelRequested = true;
        var task = BeginTask();
        writer.ActivityTaskCancelRequested(task.CompletedEventId, p.ScheduledEventId);
        writer.ActivityTaskCancelRequested(task.CompletedEventId, check.ScheduledEventId);
        writer.ActivityTaskCanceled(check.ScheduledEventId, 0, writer.Count, TemporalPayloads.Payload("ACTIVITY_ID_NOT_STARTED"));
        // The pause's handler wakes first and fails its update; then the run cancels the job. The
        // server records the task's commands before its messages: the update's answer comes last.
        Note(CapturedCall.UpdateFailed, p.Update, new UpdateFailure(null, "Activity cancelled"));
        ScheduleCancel(task);
        writer.WorkflowExecutionUpdateFailed(p.Accepted.Id, p.Accepted.AcceptedEventId, ActivityFailed(p, new() { Message = "Activity cancelled", CanceledFailureInfo = new() }, 0, RetryState.CancelRequested));
        pause = null;
        return this;
    }

    private static Temporalio.Api.Failure.V1.Failure ActivityFailed(PauseInFlight p, Temporalio.Api.Failure.V1.Failure cause, long started, RetryState retryState) => new()
    {
        Message = "Activity task failed",
        Cause = cause,
        ActivityFailureInfo = new()
        {
            ActivityType = new() { Name = p.Activity },
            ActivityId = p.ActivityId,
            ScheduledEventId = p.ScheduledEventId,
            StartedEventId = started,
            RetryState = retryState,
        },
    };

    private sealed record PauseInFlight(string Update, AcceptedUpdate Accepted, long ScheduledEventId, string Activity, string ActivityId);
}
