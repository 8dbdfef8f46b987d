using FineTuneWorkflows.Activities.Pause;
using FineTuneWorkflows.Tests.Replay.Capture;
using FineTuneWorkflows.Tests.Replay.History;
using FineTuneWorkflows.Workflows;

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
        pause = new PauseInFlight(update, new AcceptedUpdate(updateId, accepted), scheduled);
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

    private sealed record PauseInFlight(string Update, AcceptedUpdate Accepted, long ScheduledEventId);
}
