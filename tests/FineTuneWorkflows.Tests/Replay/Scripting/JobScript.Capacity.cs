using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using FineTuneWorkflows.Activities;
using FineTuneWorkflows.Activities.Creation;
using FineTuneWorkflows.Activities.Provider;
using FineTuneWorkflows.Activities.Slots;
using FineTuneWorkflows.Tests.Replay.Capture;
using FineTuneWorkflows.Tests.Replay.History;
using FineTuneWorkflows.Workflows;
using Temporalio.Api.Enums.V1;
using Temporalio.Exceptions;
using WorkflowSearchAttributes = FineTuneWorkflows.Workflows.SearchAttributes;

namespace FineTuneWorkflows.Tests.Replay.Scripting;

/// <summary>
/// A provider with no room for the job: the create is refused (429, a cap on active jobs or on the
/// day's creates), the workflow holds the fine-tune on a timer, and once it fires prepares and
/// creates again. The waits are written from the design: an active-jobs wait is 5 min doubling to
/// an hour, times 0.8 + 0.4 j; a daily one runs to the next midnight UTC plus 15 min × j; j is the
/// top 53 bits of SHA-256("{workflow id}/{refusal number}") over 2^53; a Retry-After is never undercut.
/// </summary>
public sealed partial class JobScript
{
    private const string WaitForCapacityPatch = "ftw-wait-for-capacity";
    private int capacityRefusals;
    private CreateJobInput? refusedCreate;

    /// <summary>The create is refused for want of room <paramref name="at"/>: final for the activity, and the fine-tune waits.</summary>
    /// <param name="errorType"><see cref="ProviderErrorTypes.ActiveJobLimit"/> or <see cref="ProviderErrorTypes.DailyCreateLimit"/>.</param>
    /// <param name="providerMessage">What the provider said.</param>
    /// <param name="retryAfter">The provider's Retry-After, if it sent one.</param>
    public JobScript RefusedForCapacity(string errorType, string providerMessage, TimeSpan at, TimeSpan? retryAfter = null)
    {
        var p = Expect(Step.Creating);
        AdvanceTo(at);
        var started = writer.ActivityTaskStarted(p.ScheduledEventId, 1);
        var refusal = new ApplicationFailureException(
            $"create fine-tuning job was refused: {providerMessage}. No job was created.",
            errorType,
            nonRetryable: true,
            details: [new ProviderErrorDetails("rate_limit_exceeded", providerMessage, null, 429)],
            nextRetryDelay: retryAfter);
        writer.ActivityTaskFailed(p.ScheduledEventId, started, TemporalPayloads.Failure(refusal), RetryState.NonRetryableFailure);
        pending = null;

        var task = BeginTask();
        PatchOnce(task, WaitForCapacityPatch);
        // The refusal does not prove no job was made (a gateway's retry may have met our own job's
        // cap): what comes next looks for one first, and one may land until the settle time after now.
        refusedCreate = (CreateJobInput)p.Input with { RefusedForRoomAt = task.StartedAt };
        capacityRefusals++;
        Wait(task, Step.WaitingForCapacity, CapacityDelay(errorType, capacityRefusals, task.StartedAt, retryAfter));
        return this;
    }

    /// <summary>
    /// A wait with no job: listed as waiting, a timer started (its end, or what cuts it short, is the
    /// next step), and the waiting update answered with no job, so the caller shows a queued fine-tune.
    /// </summary>
    private void Wait(WorkflowTask task, Step step, TimeSpan delay)
    {
        ShowWaiting(task);
        var timerId = NextTimerId();
        NoteAttributes();
        calls.Add(new CapturedCall(CapturedCall.Timer, string.Empty, delay.ToString("c", null)));
        callTasks.Add(currentTask);
        var timer = writer.TimerStarted(task.CompletedEventId, timerId, delay);
        pending = new Pending(step, timer, timerId, "timer", writer.Now, delay);
        if (update is { } waiting)
        {
            Note(CapturedCall.Update, WaitForJobUpdate, null!);
            writer.WorkflowExecutionUpdateCompleted(waiting.Id, waiting.AcceptedEventId, TemporalPayloads.Payload(null));
            update = null;
        }
    }

    /// <summary>
    /// The wait's timer fires: the same create goes again (its key, the list read before the first
    /// one), with the time of the refusal, so that it first looks for a job the refused one made.
    /// </summary>
    public JobScript CapacityWaitEnds()
    {
        var p = Expect(Step.WaitingForCapacity);
        writer.AdvanceTo(p.ScheduledAt + (TimeSpan)p.Input);
        writer.TimerFired(p.ActivityId, p.ScheduledEventId);
        pending = null;
        var task = BeginTask();
        Schedule(task, Step.Creating, "CreateJob", RefusedCreate, ActivityPolicies.Create);
        return this;
    }

    /// <summary>The create last refused for want of room, as the next one (or a find, after a cancel) is sent.</summary>
    private CreateJobInput RefusedCreate => refusedCreate ?? throw new InvalidOperationException("No create was refused for want of room");

    /// <summary>The fine-tune is listed as waiting once, at its first wait: the status does not change after.</summary>
    private void ShowWaiting(WorkflowTask task)
    {
        if (attributes.GetValueOrDefault(WorkflowSearchAttributes.Status.Name) != CapacityWait.Status)
        {
            Upsert(task, (WorkflowSearchAttributes.Status, CapacityWait.Status));
        }
    }

    /// <summary>When the timer of the <paramref name="refusal"/>-th refusal is due, by the design's rule.</summary>
    public TimeSpan CapacityDelay(string errorType, int refusal, DateTimeOffset now, TimeSpan? retryAfter)
    {
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes($"{WorkflowId}/{refusal}"));
        var j = (BinaryPrimitives.ReadUInt64BigEndian(digest) >> 11) / Math.Pow(2, 53);
        TimeSpan delay;
        if (errorType == ProviderErrorTypes.DailyCreateLimit)
        {
            var midnight = new DateTimeOffset(now.UtcDateTime.Date.AddDays(1), TimeSpan.Zero);
            delay = midnight - now + (TimeSpan.FromMinutes(15) * j);
        }
        else
        {
            var wait = TimeSpan.FromMinutes(5) * Math.Pow(2, Math.Min(refusal - 1, 10));
            delay = (wait > TimeSpan.FromHours(1) ? TimeSpan.FromHours(1) : wait) * (0.8 + (0.4 * j));
        }

        return retryAfter > delay ? retryAfter.Value : delay;
    }

    private const string LocalLimitsPatch = "ftw-local-limits";

    /// <summary>How long a fine-tune waits in line before it asks its limiter again, by the design.</summary>
    private static readonly TimeSpan AskSlotAgainAfter = TimeSpan.FromHours(6);
    private string? slotLimiter;
    private bool slotHeld;
    private JobsBefore? listedBeforeSlot;
    private bool waitedInLine;
    private int slotLimit;
    private bool findingBeforeLine;

    /// <summary>
    /// The earlier run's job, looked for before a wait in line, is not there: the fine-tune waits in
    /// line as any other. True when that was the find just answered.
    /// </summary>
    private bool InLineAfterFinding(WorkflowTask task)
    {
        if (!findingBeforeLine)
        {
            return false;
        }

        findingBeforeLine = false;
        waitedInLine = true;
        Wait(task, Step.WaitingForSlot, AskSlotAgainAfter);
        return true;
    }

    /// <summary>The limiter of this job's model at its provider, as the design names it.</summary>
    private string SlotLimiterId => $"ftw-slots:{writer.TaskQueue}:{provider}:{firstInput.Request.Model.ToLowerInvariant()}";

    /// <summary>With a limit for the model and no slot yet: the limiter is asked (the first time in a run, the patch).</summary>
    private void AskForSlot(WorkflowTask task, JobsBefore listed, int limit)
    {
        PatchOnce(task, LocalLimitsPatch);
        slotLimiter = SlotLimiterId;
        listedBeforeSlot = listed;
        slotLimit = limit;
        Schedule(task, Step.RequestingSlot, "RequestSlot", new SlotRequest(SlotLimiterId, WorkflowId, limit), ActivityPolicies.RequestSlot);
    }

    /// <summary>
    /// The limiter answers <paramref name="at"/>: granted, and the create goes out with what was
    /// listed before; or not, and the fine-tune waits in line (shown as waiting for capacity, the
    /// update answered with no job), asking again every six hours (should the line have been lost).
    /// </summary>
    public JobScript SlotAnswered(bool granted, TimeSpan at)
    {
        var p = Expect(Step.RequestingSlot);
        Close(p, at, 1, new SlotAnswer(granted));
        var task = BeginTask();
        if (cancelRequested)
        {
            // Cancelled while asking (the request is never cut short, so it has landed): no create
            // goes out; an earlier run's job is looked for; the slot or place in line is given back
            // as the run ends.
            if (earlierRunSince is not null)
            {
                Schedule(task, Step.Finding, "FindJob", new CreateJobInput(Key, firstInput.Request, task.StartedAt, listedBeforeSlot, earlierRunSince, MetadataKept: false), ActivityPolicies.Create);
                return this;
            }

            EndCancelledBeforeJob(task);
            return this;
        }

        if (!granted && earlierRunSince is not null)
        {
            // After a reset or a retry the earlier run's job may be running: it is looked for at
            // once, not after a wait in line (Found follows: watched if found, else the line).
            findingBeforeLine = true;
            Schedule(task, Step.Finding, "FindJob", new CreateJobInput(Key, firstInput.Request, task.StartedAt, listedBeforeSlot, earlierRunSince, MetadataKept: false), ActivityPolicies.Create);
            return this;
        }

        if (granted && waitedInLine)
        {
            // Granted on asking again, after a wait: the provider's list is read again first.
            slotHeld = true;
            Schedule(task, Step.Preparing, "PrepareCreate", new PrepareCreateInput(Key, firstInput.Request, Options.Poll, Options.ArtifactFolder, earlierRunSince), ActivityPolicies.Prepare);
            return this;
        }

        if (granted)
        {
            slotHeld = true;
            Schedule(task, Step.Creating, "CreateJob", new CreateJobInput(Key, firstInput.Request, task.StartedAt, listedBeforeSlot, earlierRunSince, MetadataKept: false), ActivityPolicies.Create);
            return this;
        }

        waitedInLine = true;

        Wait(task, Step.WaitingForSlot, AskSlotAgainAfter);
        return this;
    }

    /// <summary>
    /// Six hours in line with no grant: the line's timer fires and the limiter is asked again (the
    /// same request: a place in line is kept, a lost line is joined again); <see cref="SlotAnswered"/> follows.
    /// </summary>
    public JobScript SlotAskedAgain()
    {
        var p = Expect(Step.WaitingForSlot);
        writer.AdvanceTo(p.ScheduledAt + (TimeSpan)p.Input);
        writer.TimerFired(p.ActivityId, p.ScheduledEventId);
        pending = null;
        var task = BeginTask();
        Schedule(task, Step.RequestingSlot, "RequestSlot", new SlotRequest(SlotLimiterId, WorkflowId, slotLimit), ActivityPolicies.RequestSlot);
        return this;
    }

    /// <summary>The limiter's <c>SlotGranted</c> comes <paramref name="at"/>: the line's timer is cancelled and the create prepared afresh.</summary>
    public JobScript SlotGranted(TimeSpan at)
    {
        var p = Expect(Step.WaitingForSlot);
        AdvanceTo(at);
        writer.WorkflowExecutionSignaled("SlotGranted", TemporalPayloads.Payload(3));
        var task = BeginTask();
        writer.TimerCanceled(task.CompletedEventId, p.ActivityId, p.ScheduledEventId);
        pending = null;
        slotHeld = true;
        Schedule(task, Step.Preparing, "PrepareCreate", new PrepareCreateInput(Key, firstInput.Request, Options.Poll, Options.ArtifactFolder, earlierRunSince), ActivityPolicies.Prepare);
        return this;
    }

    /// <summary>
    /// A run that asked for a slot gives it back (or leaves the line) before it ends, whatever the
    /// ending: the <c>Release</c> signal to the limiter, and the end in the task after it landed.
    /// </summary>
    private WorkflowTask ReleasingSlot(WorkflowTask task)
    {
        if (slotLimiter is not { } limiter)
        {
            return task;
        }

        Note(CapturedCall.Signal, "Release", new { Id = limiter, Argument = WorkflowId });
        var initiated = writer.SignalExternalWorkflowExecutionInitiated(task.CompletedEventId, limiter, "Release", TemporalPayloads.Payload(WorkflowId));
        writer.ExternalWorkflowExecutionSignaled(initiated, limiter);
        slotLimiter = null;
        return BeginTask();
    }
}
