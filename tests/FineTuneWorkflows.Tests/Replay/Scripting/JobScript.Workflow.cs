using FineTuneWorkflows.Activities;
using FineTuneWorkflows.Activities.Polling;
using FineTuneWorkflows.Wire;
using FineTuneWorkflows.Activities.Results;
using FineTuneWorkflows.Tests.Replay.Capture;
using FineTuneWorkflows.Tests.Replay.History;
using FineTuneWorkflows.Workflows;
using Temporalio.Common;
using Temporalio.Exceptions;
using Temporalio.Workflows;
using WorkflowSearchAttributes = FineTuneWorkflows.Workflows.SearchAttributes;
using FineTuneWorkflows.Activities.Cancel;

namespace FineTuneWorkflows.Tests.Replay.Scripting;

/// <summary>
/// What the workflow is expected to do in the task after each step: the design's rules, written
/// out independently of <see cref="FineTuneWorkflow"/>. Each command is both written to history
/// (in the order the workflow sends it) and noted as an expected call.
/// </summary>
public sealed partial class JobScript
{
    private FineTuneInput? carriedInput;
    private List<long> callTasks = [];
    private long currentTask;
    private bool cancelSent;

    private FineTuneInput CurrentInput => carriedInput ?? firstInput;

    /// <summary>After a status is known: wait for the next one, fetch results, or end the run.</summary>
    private void Next(WorkflowTask task, bool allowContinueAsNew)
    {
        var id = job!.Id;
        switch (status)
        {
            case JobStatus.Succeeded:
                // Downloads go to the long-work queue, named after the workflow's own (the first success of a run marks the patch).
                PatchOnce(task, "ftw-results-on-long-queue");
                var retrieve = ActivityPolicies.RetrieveResults;
                retrieve.TaskQueue = writer.TaskQueue + "-long";
                Schedule(task, Step.Retrieving, "RetrieveResultFiles", new RetrieveResultFilesInput(id, Options.ArtifactFolder), retrieve);
                break;
            case JobStatus.Failed:
                var error = job.Error;
                Fail(task, new ApplicationFailureException(
                    $"Fine-tuning job {id} failed: {error?.Message ?? "the provider gave no reason"}",
                    error?.Code ?? "FineTuneJobFailed",
                    nonRetryable: true,
                    details: [new ProviderErrorDetails(error?.Code, error?.Message, error?.Param, null)]));
                break;
            case JobStatus.Cancelled when watchFailure is not null:
                Fail(task, new ApplicationFailureException(
                    $"The watch of fine-tuning job {id} failed ({watchFailure}), so the job was cancelled at the provider; it is now {JobStatus.Cancelled}",
                    FineTuneWorkflow.WatchFailed,
                    nonRetryable: true));
                break;
            case JobStatus.Cancelled when cancelRequested:
                task = ReleasingSlot(task);
                writer.WorkflowExecutionCanceled(task.CompletedEventId);
                End(new ReplayOutcome(OutcomeKind.Cancelled, FailureMessage: $"Fine-tuning job {id} was cancelled"));
                break;
            case JobStatus.Cancelled:
                Fail(task, new ApplicationFailureException(
                    $"Fine-tuning job {id} was cancelled at the provider", "FineTuneJobCancelledAtProvider", nonRetryable: true));
                break;
            case var _ when cancelRequested && !cancelSent:
                // A cancel seen while the job still runs is carried out first, whatever else the task
                // brought. Every job of a task lands before the workflow runs, so the code asks for the
                // next wait with its cancellation token already cancelled: the SDK sends no command
                // for it (and spends no activity number). With continue-as-new suggested, it starts
                // its short pause instead, refused just the same.
                if (allowContinueAsNew)
                {
                    NotePause();
                }
                else
                {
                    // The wait's version is asked first (the marker goes out even though the check does not).
                    PatchOnce(task, CheckWithoutSlot);
                    Note(CapturedCall.ActivityRefused, "CheckJob", new CheckJobInput(id, status, task.StartedAt, Options.Poll));
                }

                ScheduleCancel(task);
                break;
            case var _ when allowContinueAsNew:
                ContinueAsNew(task);
                break;
            default:
                // Any other status, known or not, is one more to wait out: checks that Temporal
                // retries until the status changes (the first wait of a run marks the patch).
                PatchOnce(task, CheckWithoutSlot);
                Schedule(
                    task,
                    cancelSent ? Step.WaitingAfterCancel : Step.Waiting,
                    "CheckJob",
                    new CheckJobInput(id, status, task.StartedAt, Options.Poll),
                    ActivityPolicies.Check);
                break;
        }
    }

    /// <summary>A new status is recorded in the timeline and upserted; the same status again changes nothing.</summary>
    private void Observe(WorkflowTask task, FineTuningJob observed)
    {
        var next = JobStatus.Normalize(observed.Status);
        job = observed;
        if (next == status)
        {
            return;
        }

        status = next;
        timeline.Add(new StatusTransition(status, task.StartedAt));
        Upsert(task, (WorkflowSearchAttributes.Status, status));
    }

    private void ScheduleCancel(WorkflowTask task)
    {
        cancelSent = true;
        Schedule(task, Step.CancellingJob, "CancelJob", new CancelJobInput(job!.Id), ActivityPolicies.Cancel);
    }

    private void Schedule(WorkflowTask task, Step step, string activityType, object input, ActivityOptions options)
    {
        // The SDK numbers activities 1, 2, 3… in each run, in the order they are scheduled.
        var activityId = (++activitySeq).ToString(System.Globalization.CultureInfo.InvariantCulture);
        Note(CapturedCall.Activity, activityType, input, options.TaskQueue);
        var scheduled = writer.ActivityTaskScheduled(task.CompletedEventId, activityId, activityType, TemporalPayloads.Payload(input), options);
        pending = new Pending(step, scheduled, activityId, activityType, writer.Now, input);
    }

    private void Upsert(WorkflowTask task, params (SearchAttributeKey<string> Key, string Value)[] values)
    {
        foreach (var (key, value) in values)
        {
            attributes[key.Name] = value;
        }

        writer.UpsertWorkflowSearchAttributes(task.CompletedEventId, TemporalPayloads.SearchAttributes(values));
    }

    private void Fail(WorkflowTask task, ApplicationFailureException failure)
    {
        task = ReleasingSlot(task);
        writer.WorkflowExecutionFailed(task.CompletedEventId, TemporalPayloads.Failure(failure));
        End(new ReplayOutcome(
            OutcomeKind.Failed,
            FailureType: failure.ErrorType,
            FailureMessage: failure.Message,
            FailureDetails: failure.Details.Count > 0 ? TemporalPayloads.Json(failure.Details.ElementAt<ProviderErrorDetails>(0)) : null));
    }

    /// <summary>
    /// History is long enough: the run hands the job, its provider and its timeline to a new run,
    /// which waits on without creating anything. Search attributes pass to the new run, as the
    /// server copies them when the command does not set its own.
    /// </summary>
    private void ContinueAsNew(WorkflowTask task)
    {
        // First the short pause in which a pending cancel would be delivered; none comes.
        NotePause();
        var timerId = NextTimerId();
        var timer = writer.TimerStarted(task.CompletedEventId, timerId, FineTuneWorkflow.ContinueAsNewPause);
        writer.AdvanceTo(writer.Now + FineTuneWorkflow.ContinueAsNewPause);
        writer.TimerFired(timerId, timer);
        if (cancelWithPause)
        {
            // The cancel lands in the task the timer's firing starts: it has nothing left to cancel
            // but is carried out all the same, never handed to a run that would not hear of it.
            writer.WorkflowExecutionCancelRequested("fine-tune cancelled by its owner");
            cancelRequested = true;
            task = BeginTask();
            Patch(task, "ftw-cancel-before-continue-as-new");
            ScheduleCancel(task);
            return;
        }

        task = BeginTask();

        // A slot held, or a place in line not yet granted (a job found after a reset), passes to the
        // next run, which gives it back when it ends.
        var next = CurrentInput with
        {
            Carry = new FineTuneCarry(job! with { Status = status }, provider, [.. timeline]) { SlotLimiter = slotLimiter, SlotAwaited = slotLimiter is not null && !slotHeld },
        };
        var nextRunId = RunIdFor(runs.Count + 2);
        Note(CapturedCall.ContinueAsNew, "FineTune", next);
        writer.WorkflowExecutionContinuedAsNew(task.CompletedEventId, TemporalPayloads.Payload(next), nextRunId);
        End(new ReplayOutcome(OutcomeKind.ContinuedAsNew, TemporalPayloads.Json(next)));
        EndRun(outcome!);

        var previousRunId = runId;
        runId = nextRunId;
        writer = new HistoryWriter(WorkflowId, writer.TaskQueue, writer.Now);
        writer.WorkflowExecutionStarted(TemporalPayloads.Payload(next), runId, previousRunId, TemporalPayloads.SearchAttributes(
            attributes.Select(a => (WorkflowSearchAttributes.All.Single(k => k.Name == a.Key), a.Value))), firstRunId);
        patches = new SortedSet<string>(StringComparer.Ordinal);
        webhooksSeen.Clear();
        calls = [];
        callTasks = [];
        shownAttributes = string.Empty;
        activitySeq = 0;
        timerSeq = 0;
        outcome = null;
        carriedInput = next;
        Next(BeginTask(), allowContinueAsNew: false);
    }

    /// <summary>The SDK numbers timers 1, 2, 3… in each run, apart from activities.</summary>
    private string NextTimerId() => (++timerSeq).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private void NotePause()
    {
        NoteAttributes();
        calls.Add(new CapturedCall(CapturedCall.Timer, string.Empty, FineTuneWorkflow.ContinueAsNewPause.ToString("c", null)));
        callTasks.Add(currentTask);
    }

    private void End(ReplayOutcome ended)
    {
        NoteAttributes();
        outcome = ended;
    }

    private void EndRun(ReplayOutcome ended) =>
        runs.Add(new ScriptedRun(runId, writer.ToHistory(), [.. calls], ended, [.. callTasks]));

    private void Note(string kind, string callName, object argument, string? queue = null)
    {
        NoteAttributes();
        calls.Add(new CapturedCall(kind, callName, TemporalPayloads.Json(argument), queue));
        callTasks.Add(currentTask);
    }

    /// <summary>Search attributes are expected as the recorder sees them: as a state, noted when it changed.</summary>
    private void NoteAttributes()
    {
        var now = CallRecorder.Describe(attributes);
        if (now != shownAttributes)
        {
            shownAttributes = now;
            calls.Add(new CapturedCall(CapturedCall.SearchAttributes, string.Empty, now));
            callTasks.Add(currentTask);
        }
    }

    /// <summary>Writes a workflow task; what the script notes from now on was done in it.</summary>
    private WorkflowTask BeginTask(bool suggestContinueAsNew = false)
    {
        var task = writer.WorkflowTask(suggestContinueAsNew);
        currentTask = task.CompletedEventId;
        return task;
    }

    /// <summary>An update the workflow accepted and has not answered yet.</summary>
    private sealed record AcceptedUpdate(string Id, long AcceptedEventId);

    /// <summary>The activity the workflow is waiting on.</summary>
    /// <param name="Input">What it was scheduled with: a check cut short by a webhook is asked again the same.</param>
    private sealed record Pending(Step Step, long ScheduledEventId, string ActivityId, string ActivityType, DateTimeOffset ScheduledAt, object Input);
}
