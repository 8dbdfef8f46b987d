using FineTuneWorkflows.Activities.Creation;
using FineTuneWorkflows.Activities.Polling;
using FineTuneWorkflows.Activities.Provider;
using FineTuneWorkflows.Wire;
using FineTuneWorkflows.Activities.Results;
using FineTuneWorkflows.Tests.Replay.Capture;
using FineTuneWorkflows.Tests.Replay.History;
using FineTuneWorkflows.Workflows;
using Temporalio.Api.Enums.V1;
using Temporalio.Exceptions;
using WorkflowSearchAttributes = FineTuneWorkflows.Workflows.SearchAttributes;
using FineTuneWorkflows.Activities.Cancel;

namespace FineTuneWorkflows.Tests.Replay.Scripting;

/// <summary>
/// A provider's timeline for one job, written as the job lives it, turned into the history a
/// server would record for it. Each step says what the provider (or a Temporal client) did and
/// when; the script then writes the workflow task that follows and the commands the workflow is
/// expected to send in it, and notes those commands so the replay can be checked against them.
/// The expectations here are written from the design (status vocabulary aside, which comes from
/// <see cref="JobStatus.Normalize"/>), not from the workflow's code, so a change in the
/// workflow's behaviour shows up as a difference.
/// </summary>
public sealed partial class JobScript
{
    private readonly string name;
    private readonly FineTuneInput firstInput;
    private readonly FineTuningJob template;
    private readonly string provider;
    private readonly DateTimeOffset start;
    private readonly List<ScriptedRun> runs = [];
    private readonly List<StatusTransition> timeline = [];
    private readonly SortedDictionary<string, string> attributes = new(StringComparer.Ordinal);

    private HistoryWriter writer;
    private string runId;
    private List<CapturedCall> calls = [];
    private string shownAttributes = string.Empty;
    private ReplayOutcome? outcome;
    private int activitySeq;
    private int timerSeq;
    private Pending? pending;
    private FineTuningJob? job;
    private string status = JobStatus.Unknown;
    private bool cancelRequested;
    private AcceptedUpdate? update;
    private string firstRunId;
    private DateTimeOffset? earlierRunSince;
    private string? watchFailure;
    private bool cancelWithPause;
    private CheckEnd previousCheck;
    private SortedSet<string> patches = new(StringComparer.Ordinal);
    private (Temporalio.Api.Failure.V1.Failure Failure, ReplayOutcome Outcome)? prepareFailed;

    internal JobScript(string name, FineTuneInput input, FineTuningJob template, string provider, DateTimeOffset start, bool updateWithStart = false, RunStart runStart = RunStart.Fresh)
    {
        this.name = name;
        firstInput = input;
        this.template = template;
        this.provider = provider;
        this.start = start;
        runId = RunIdFor(1);

        // A retried run continues a failed one: the chain's first run id is that run's, and when
        // the failed run started is not known. A reset run keeps the base run's events up to its
        // first task, failed by the reset; a worker then reads the new run's id from its task
        // (this replayer reads it from the started event, so it is written there) and the first
        // run's id, the base run's, from history.
        firstRunId = runStart == RunStart.Retry ? RunIdFor(0) : runId;
        if (runStart == RunStart.Reset)
        {
            runId = $"{name}-run-reset";
        }

        earlierRunSince = runStart switch
        {
            RunStart.Retry => DateTimeOffset.UnixEpoch,
            RunStart.Reset => start,
            _ => null,
        };
        writer = new HistoryWriter(WorkflowId, "fine-tune", start);
        writer.WorkflowExecutionStarted(
            TemporalPayloads.Payload(input), runId, continuedFromRunId: runStart == RunStart.Retry ? firstRunId : null, firstRunId: firstRunId, initiator: ContinueAsNewInitiator.Retry);
        if (runStart == RunStart.Reset)
        {
            writer.WorkflowTaskFailedByReset(firstRunId, runId);
        }

        var task = BeginTask();

        // Update-with-Start: the WaitForJob update comes with the first task. Its handler runs
        // before the workflow's main method, so its acceptance is the task's first command, then
        // its patch; it waits for the job, which the create below brings.
        if (updateWithStart)
        {
            var updateId = $"{name}-wait-for-job";
            update = new AcceptedUpdate(updateId, writer.WorkflowExecutionUpdateAccepted(
                updateId, WaitForJobUpdate, TemporalPayloads.Payload(new WaitForJobInput()), task.ScheduledEventId));
            Patch(task, "ftw-update-survives-cancel");
        }

        // A new job: first everything is checked and the provider's list recorded, all before the
        // create, which the first run's id keys so no retry, reset or continuation makes a second job.
        Patch(task, "ftw-create-identity");
        Schedule(task, Step.Preparing, "PrepareCreate", new PrepareCreateInput(Key, input.Request, Options.Poll, Options.ArtifactFolder, earlierRunSince), ActivityPolicies.Prepare);
    }

    /// <summary>How a scripted run began.</summary>
    public enum RunStart
    {
        /// <summary>Started by a client.</summary>
        Fresh,

        /// <summary>A retry of a run that failed (the workflow has a retry policy).</summary>
        Retry,

        /// <summary>An operator reset the workflow to its first task.</summary>
        Reset,
    }

    /// <summary>How the check before the one that saw a change ended.</summary>
    public enum CheckEnd
    {
        /// <summary>It found the job where it was.</summary>
        Unchanged,

        /// <summary>The provider refused it with a Retry-After.</summary>
        RateLimited,

        /// <summary>Its worker died mid-call: the start-to-close timeout ended it.</summary>
        WorkerDied,
    }

    /// <summary>What the workflow is waiting for.</summary>
    private enum Step
    {
        Preparing,
        Finding,
        Creating,
        Waiting,
        WaitingForCapacity,
        RequestingSlot,
        WaitingForSlot,
        CancellingJob,
        WaitingAfterCancel,
        Retrieving,
    }

    public const string WaitForJobUpdate = "WaitForJob";

    public string WorkflowId => $"replay-{name}";

    private FineTuneOptions Options => firstInput.Options ?? new FineTuneOptions();

    /// <summary>The idempotency key: the caller's, or the first run's id.</summary>
    private string Key => Options.IdempotencyKey ?? firstRunId;

    /// <summary>What the provider listed before the first create when a script does not say: one older job.</summary>
    public static JobsBefore ListedBefore => new(["ftjob-older"], Script.Epoch.AddHours(-1).ToUnixTimeSeconds());

    /// <summary>The checks pass and the provider's list is recorded; the next task sends the create.</summary>
    /// <param name="slotLimit">The worker's <c>Provider:Limits</c> for the model: without a slot yet, the next task asks the limiter for one instead.</param>
    public JobScript Prepared(TimeSpan at, JobsBefore? before = null, int attempt = 1, int? slotLimit = null)
    {
        var p = Expect(Step.Preparing);
        var listed = before ?? ListedBefore;
        Close(p, at, attempt, slotLimit is null ? new PrepareCreateOutput(listed, MetadataKept: false) : new PrepareCreateOutput(listed, false, provider, slotLimit));
        var task = BeginTask();
        if (slotLimit is { } limit && !slotHeld)
        {
            AskForSlot(task, listed, limit);
            return this;
        }

        Schedule(task, Step.Creating, "CreateJob", new CreateJobInput(Key, firstInput.Request, task.StartedAt, listed, earlierRunSince, MetadataKept: false), ActivityPolicies.Create);
        return this;
    }

    /// <summary>The provider answers the create, <paramref name="at"/> after the workflow started.</summary>
    /// <param name="attempt">The attempt that succeeded; earlier ones failed retryably and left no events.</param>
    public JobScript Created(string status, TimeSpan at, int attempt = 1, bool adopted = false)
    {
        var p = Expect(Step.Creating);
        var created = template with { Status = status };
        Close(p, at, attempt, new CreateJobOutput(created, adopted, provider));
        // The create could not be cancelled; a cancel that came meanwhile is carried out now.
        Follow(BeginTask(), created);
        return this;
    }

    /// <summary>
    /// The run that was cancelled before its own create has looked for an earlier run's job:
    /// found with <paramref name="status"/> (then cancelled), or not found (null: the run ends).
    /// </summary>
    public JobScript Found(string? status, TimeSpan at)
    {
        var p = Expect(Step.Finding);
        var found = status is null ? null : template with { Status = status };
        Close(p, at, 1, new FindJobOutput(found, provider));
        var task = BeginTask();
        if (found is null && !cancelRequested && InLineAfterFinding(task))
        {
            return this;
        }

        if (found is null && prepareFailed is { } failed)
        {
            // No job to follow, and the prepare step failed for good: the run fails as it did.
            writer.WorkflowExecutionFailed(task.CompletedEventId, failed.Failure);
            End(failed.Outcome);
            return this;
        }

        if (found is null)
        {
            EndCancelledBeforeJob(task);
            return this;
        }

        // Found: cancelled if the run was, else watched like any job of this workflow.
        Follow(task, found);
        return this;
    }

    /// <summary>The job is the run's now: recorded, then cancelled if a cancel is pending, else watched; a waiting update is answered.</summary>
    private void Follow(WorkflowTask task, FineTuningJob job)
    {
        Record(task, job);
        if (cancelRequested)
        {
            ScheduleCancel(task);
        }
        else
        {
            Next(task, allowContinueAsNew: false);
        }

        AnswerUpdate();
    }

    /// <summary>The job exists: recorded in the timeline and upserted for search.</summary>
    private void Record(WorkflowTask task, FineTuningJob created)
    {
        job = created;
        this.status = JobStatus.Normalize(created.Status);
        timeline.Add(new StatusTransition(this.status, task.StartedAt));
        Upsert(task, (WorkflowSearchAttributes.JobId, created.Id), (WorkflowSearchAttributes.Model, firstInput.Request.Model),
            (WorkflowSearchAttributes.Provider, provider), (WorkflowSearchAttributes.Status, this.status));
    }

    /// <summary>
    /// The update's handler wakes once the job exists, after the main method's commands, and
    /// answers with the job as the Job query shows it (the status normalized).
    /// </summary>
    private void AnswerUpdate()
    {
        if (update is not { } waiting)
        {
            return;
        }

        if (outcome is not null)
        {
            throw new InvalidOperationException("Not scripted: a run that ends in the task that answers the update");
        }

        var view = job! with { Status = status };
        Note(CapturedCall.Update, WaitForJobUpdate, view);
        writer.WorkflowExecutionUpdateCompleted(waiting.Id, waiting.AcceptedEventId, TemporalPayloads.Payload(view));
        update = null;
    }

    /// <summary>No job of this workflow exists: the update hears so, and the run ends cancelled.</summary>
    private void EndCancelledBeforeJob(WorkflowTask task)
    {
        if (update is { } waiting)
        {
            var refusal = new ApplicationFailureException(
                "The fine-tune was cancelled before its job was created at the provider; no job exists.", FineTuneWorkflow.CancelledBeforeJob, nonRetryable: true);
            writer.WorkflowExecutionUpdateFailed(waiting.Id, waiting.AcceptedEventId, TemporalPayloads.Failure(refusal));
            Note(CapturedCall.UpdateFailed, WaitForJobUpdate, new UpdateFailure(refusal.ErrorType, refusal.Message));
            update = null;
        }

        task = ReleasingSlot(task);
        writer.WorkflowExecutionCanceled(task.CompletedEventId);
        End(new ReplayOutcome(OutcomeKind.Cancelled, FailureMessage: "The fine-tune was cancelled before its job was created"));
    }

    /// <summary>The wait sees the job move to <paramref name="status"/> (as the provider spells it) at <paramref name="at"/>.</summary>
    /// <param name="change">Other fields the provider filled in by then (model name, error, result files).</param>
    /// <param name="suggestContinueAsNew">The server suggests continue-as-new in the task that follows.</param>
    /// <param name="cancelRequestedToo">A Temporal cancel arrives at the same moment, so one task sees both.</param>
    /// <param name="cancelWithPauseTimer">A Temporal cancel arrives with the firing of the continue-as-new pause's timer.</param>
    /// <param name="attempt">The check that saw it: each earlier one found no change (or failed), a retry that left no event.</param>
    /// <param name="before">What ended the attempt before the one that saw it; by default it found no change.</param>
    public JobScript Then(string status, TimeSpan at, Func<FineTuningJob, FineTuningJob>? change = null, int attempt = 1, bool suggestContinueAsNew = false, bool cancelRequestedToo = false, bool cancelWithPauseTimer = false, CheckEnd before = CheckEnd.Unchanged)
    {
        cancelWithPause = cancelWithPauseTimer;
        var p = Expect(Step.Waiting, Step.WaitingAfterCancel);
        var observed = (change ?? (j => j))(job! with { Status = status });
        previousCheck = before;
        Close(p, at, attempt, new CheckJobOutput(observed, attempt));
        if (cancelRequestedToo)
        {
            writer.WorkflowExecutionCancelRequested("fine-tune cancelled by its owner");
            cancelRequested = true;
        }

        var task = BeginTask(suggestContinueAsNew);
        Observe(task, observed);
        Next(task, allowContinueAsNew: suggestContinueAsNew && p.Step == Step.Waiting);
        return this;
    }

    /// <summary>The job fails at the provider with the provider's error.</summary>
    public JobScript FailedWith(string code, string message, string? param, TimeSpan at) =>
        Then(JobStatus.Failed, at, j => j with { Error = new JobError(code, message, param), FinishedAt = (start + at).ToUnixTimeSeconds() });

    /// <summary>The job succeeds, with its fine-tuned model and result files.</summary>
    public JobScript Succeeded(TimeSpan at, string fineTunedModel, long trainedTokens, params string[] resultFiles) =>
        Succeeded(at, fineTunedModel, trainedTokens, attempt: 1, resultFiles);

    /// <param name="attempt">The check that saw it (<see cref="Then"/>).</param>
    public JobScript Succeeded(TimeSpan at, string fineTunedModel, long trainedTokens, int attempt, params string[] resultFiles) =>
        Then(JobStatus.Succeeded, at, j => j with
        {
            FineTunedModel = fineTunedModel,
            TrainedTokens = trainedTokens,
            ResultFiles = [.. resultFiles],
            FinishedAt = (start + at).ToUnixTimeSeconds(),
        }, attempt);

    /// <summary>The provider answers the cancel the workflow sent it.</summary>
    public JobScript CancelAnswered(string status, TimeSpan at, int attempt = 1)
    {
        var p = Expect(Step.CancellingJob);
        var answered = job! with { Status = status };
        Close(p, at, attempt, new CancelJobOutput(answered));
        var task = BeginTask();
        Observe(task, answered);
        Next(task, allowContinueAsNew: false);
        return this;
    }

    /// <summary>The result files are stored; the run completes with its result.</summary>
    public JobScript Results(TimeSpan at, MetricsSummary? metrics, params ResultArtifact[] artifacts) => Results(at, metrics, chartUrl: null, artifacts);

    /// <param name="chartUrl">Where the starter serves the loss curve, as a worker with <c>Artifacts:PublicUrl</c> says.</param>
    public JobScript Results(TimeSpan at, MetricsSummary? metrics, Uri? chartUrl, params ResultArtifact[] artifacts)
    {
        var p = Expect(Step.Retrieving);
        Close(p, at, 1, new RetrieveResultFilesOutput(artifacts, metrics) { ChartUrl = chartUrl });
        var task = BeginTask();
        var final = job!;
        var result = new FineTuneResult(final.Id, status, final.FineTunedModel, final.TrainedTokens, final.ResultFiles ?? [], metrics, artifacts, [.. timeline]);
        task = ReleasingSlot(task);
        writer.WorkflowExecutionCompleted(task.CompletedEventId, TemporalPayloads.Payload(result));
        End(new ReplayOutcome(OutcomeKind.Completed, TemporalPayloads.Json(result)));
        return this;
    }

    /// <summary>
    /// The pending activity fails for good (a non-retryable error, or retries exhausted), and the
    /// run fails with it.
    /// </summary>
    public JobScript ActivityFails(string errorType, string message, TimeSpan at, int attempt = 1)
    {
        var p = Expect(Step.Preparing, Step.Creating, Step.Finding, Step.Waiting, Step.Retrieving);
        AdvanceTo(at);
        var started = writer.ActivityTaskStarted(p.ScheduledEventId, attempt, attempt > 1 ? RetryableFailure() : null);
        var cause = TemporalPayloads.Failure(new ApplicationFailureException(message, errorType, nonRetryable: true));
        writer.ActivityTaskFailed(p.ScheduledEventId, started, cause, RetryState.NonRetryableFailure);
        pending = null;
        var task = BeginTask();

        var failure = new Temporalio.Api.Failure.V1.Failure
        {
            Message = "Activity task failed",
            Cause = cause,
            ActivityFailureInfo = new()
            {
                ActivityType = new() { Name = p.ActivityType },
                ActivityId = p.ActivityId,
                ScheduledEventId = p.ScheduledEventId,
                StartedEventId = started,
                RetryState = RetryState.NonRetryableFailure,
            },
        };

        // A watch that fails for good never ends the run while the job may run: the job is
        // cancelled first (and waited out), and the run then fails saying so.
        if (p.Step == Step.Waiting)
        {
            Patch(task, "ftw-stop-job-when-watch-fails");
            watchFailure = message;
            ScheduleCancel(task);
            return this;
        }

        // A run that follows an earlier one looks for that run's job before failing: a job found is
        // cancelled (it is not known to be wanted), none found and the run fails with this failure.
        var outcome = new ReplayOutcome(OutcomeKind.Failed, FailureType: errorType, FailureMessage: message, FailedActivity: p.ActivityType);
        if (p.Step == Step.Preparing && earlierRunSince is not null)
        {
            prepareFailed = (failure, outcome);
            Schedule(task, Step.Finding, "FindJob", new CreateJobInput(Key, firstInput.Request, task.StartedAt, null, earlierRunSince, null), ActivityPolicies.Create);
            return this;
        }

        // A failed create fails the waiting update too, with the provider's reason; its answer goes
        // out before the run's failure, which core always sends last.
        UpdateFailure? refused = null;
        if (update is { } waiting && p.Step is Step.Preparing or Step.Creating or Step.Finding)
        {
            var refusal = new ApplicationFailureException($"The fine-tuning job could not be created: {message}", errorType, nonRetryable: true);
            writer.WorkflowExecutionUpdateFailed(waiting.Id, waiting.AcceptedEventId, TemporalPayloads.Failure(refusal));
            refused = new UpdateFailure(refusal.ErrorType, refusal.Message);
            update = null;
        }

        writer.WorkflowExecutionFailed(task.CompletedEventId, failure);
        End(outcome);
        if (refused is not null)
        {
            Note(CapturedCall.UpdateFailed, WaitForJobUpdate, refused);
        }

        return this;
    }

    /// <summary>
    /// A Temporal client cancels the workflow at <paramref name="at"/>. What follows depends on
    /// what the workflow is doing: a wait is cancelled (between checks, or, with
    /// <paramref name="acknowledgedAfter"/>, while a check's call is out and ends that much later)
    /// and the job is cancelled at the provider; a create, a cancel or a retrieval is left to finish.
    /// </summary>
    public JobScript CancelRequested(TimeSpan at, TimeSpan? acknowledgedAfter = null)
    {
        var p = pending ?? throw new InvalidOperationException("Nothing is running to be cancelled");
        AdvanceTo(at);
        writer.WorkflowExecutionCancelRequested("fine-tune cancelled by its owner");
        cancelRequested = true;
        var task = BeginTask();
        if (p.Step == Step.Preparing)
        {
            // No create of this run has been sent: the checks are called off. A run that follows
            // an earlier one looks for that run's job (never creating one); a first run ends at once.
            writer.ActivityTaskCancelRequested(task.CompletedEventId, p.ScheduledEventId);
            pending = null;
            if (earlierRunSince is not null)
            {
                Schedule(task, Step.Finding, "FindJob", new CreateJobInput(Key, firstInput.Request, task.StartedAt, null, earlierRunSince, null), ActivityPolicies.Create);
                return this;
            }

            EndCancelledBeforeJob(task);
            return this;
        }

        if (p.Step == Step.WaitingForSlot)
        {
            // In this deployment's line: the wait's timer is cancelled, no create goes out, and the
            // place in line is given back as the run ends.
            writer.TimerCanceled(task.CompletedEventId, p.ActivityId, p.ScheduledEventId);
            pending = null;
            EndCancelledBeforeJob(task);
            return this;
        }

        if (p.Step == Step.WaitingForCapacity)
        {
            // The wait's timer is cancelled, and the job the refused create may have made all the
            // same (a gateway's retry) is looked for, never created: Found follows.
            writer.TimerCanceled(task.CompletedEventId, p.ActivityId, p.ScheduledEventId);
            pending = null;
            Schedule(task, Step.Finding, "FindJob", RefusedCreate, ActivityPolicies.Create);
            return this;
        }

        if (p.Step != Step.Waiting)
        {
            return this;
        }

        writer.ActivityTaskCancelRequested(task.CompletedEventId, p.ScheduledEventId);
        var cancelRequestedEvent = writer.Count;
        if (acknowledgedAfter is null)
        {
            // Between checks nothing runs: the server cancels the activity at once, as it handles the
            // request-cancel command, before the commands that follow it.
            writer.ActivityTaskCanceled(p.ScheduledEventId, 0, cancelRequestedEvent, TemporalPayloads.Payload("ACTIVITY_ID_NOT_STARTED"));
        }

        ScheduleCancel(task);
        if (acknowledgedAfter is { } during)
        {
            // The cancel came while a check's call was out: that attempt ends (it has no heartbeat to
            // hear the cancel by) and the server, seeing the cancel, retries no more.
            AdvanceTo(at + during);
            var started = writer.ActivityTaskStarted(p.ScheduledEventId, 1);
            writer.ActivityTaskFailed(p.ScheduledEventId, started, Unchanged(), RetryState.CancelRequested);
        }

        // The workflow did not wait for either (the default TryCancel): nothing is left for it to do.
        BeginTask();
        return this;
    }

    /// <summary>
    /// A provider's webhook reaches the workflow (the <c>JobWebhook</c> signal) at <paramref name="at"/>.
    /// During a wait, the pending check is cut short: cancelled (nothing runs between attempts,
    /// so the server cancels it at once) and a new one, asked the same (the status and since
    /// when it has been seen), reads the job now; the first time in a run marks the patch. An event about another job, one already seen in this run, or one that
    /// comes when no check is pending changes nothing.
    /// </summary>
    /// <param name="jobId">The job the event names; this job by default.</param>
    /// <param name="eventId">The delivery's id; null sends a signal with no event at all (malformed), which changes nothing.</param>
    public JobScript WebhookArrives(TimeSpan at, string? eventId, string? jobId = null, string type = "fine_tuning.job.succeeded")
    {
        AdvanceTo(at);
        var named = jobId ?? job?.Id ?? "ftjob-unknown";
        writer.WorkflowExecutionSignaled("JobWebhook", TemporalPayloads.Payload(eventId is null ? null : new JobWebhook(eventId, type, named, (start + at).ToUnixTimeSeconds())));
        var task = BeginTask();
        var wakes = eventId is not null && job is not null && named == job.Id && webhooksSeen.Add(eventId);
        if (!wakes || pending is not { Step: Step.Waiting or Step.WaitingAfterCancel } p)
        {
            return this;
        }

        PatchOnce(task, WakeOnWebhook);
        writer.ActivityTaskCancelRequested(task.CompletedEventId, p.ScheduledEventId);
        writer.ActivityTaskCanceled(p.ScheduledEventId, 0, writer.Count, TemporalPayloads.Payload("ACTIVITY_ID_NOT_STARTED"));
        Schedule(
            task,
            p.Step,
            "CheckJob",
            p.Input,
            ActivityPolicies.Check);
        return this;
    }

    public Scenario Build()
    {
        EndRun(outcome ?? ReplayOutcome.Running);
        return new Scenario(name, [.. runs]);
    }

    private static Temporalio.Api.Failure.V1.Failure RetryableFailure() =>
        TemporalPayloads.Failure(new ApplicationFailureException("The provider answered 503 Service Unavailable", ProviderErrorTypes.Unavailable));

    private Temporalio.Api.Failure.V1.Failure CheckFailure(CheckEnd end) => end switch
    {
        CheckEnd.RateLimited => TemporalPayloads.Failure(new ApplicationFailureException(
            "The provider answered 429 Too Many Requests", ProviderErrorTypes.RateLimited, nextRetryDelay: TimeSpan.FromSeconds(30))),
        CheckEnd.WorkerDied => new() { Message = "activity StartToClose timeout", TimeoutFailureInfo = new() { TimeoutType = TimeoutType.StartToClose } },
        _ => Unchanged(),
    };

    private Temporalio.Api.Failure.V1.Failure Unchanged() =>
        TemporalPayloads.Failure(new ApplicationFailureException($"still {status} (not an error: the wait goes on)", PollingActivities.StatusUnchanged));

    private string RunIdFor(int run) => $"{name}-run-{run}";

    /// <summary>What <c>Workflow.Patched</c> writes the first time a run takes a patched path.</summary>
    private void Patch(WorkflowTask task, string patchId)
    {
        patches.Add(patchId);
        writer.PatchMarker(task.CompletedEventId, patchId, patches);
    }

    /// <summary>A patch asked at every pass (each wait): marked the first time in a run only, as the SDK memoizes it.</summary>
    private void PatchOnce(WorkflowTask task, string patchId)
    {
        if (!patches.Contains(patchId))
        {
            Patch(task, patchId);
        }
    }

    /// <summary>The wait that holds no worker slot: <c>CheckJob</c>, retried by Temporal until the status changes.</summary>
    private const string CheckWithoutSlot = "ftw-check-without-slot";

    /// <summary>A webhook cuts the wait short.</summary>
    private const string WakeOnWebhook = "ftw-wake-on-webhook";

    /// <summary>The webhook event ids this run has taken (the workflow keeps them per run).</summary>
    private readonly HashSet<string> webhooksSeen = new(StringComparer.Ordinal);

    private Pending Expect(params Step[] steps)
    {
        if (outcome is not null)
        {
            throw new InvalidOperationException($"The run already ended ({outcome.Kind}); nothing more can happen");
        }

        if (pending is null || !steps.Contains(pending.Step))
        {
            throw new InvalidOperationException($"The workflow is {(pending?.Step.ToString() ?? "idle")}, not {string.Join(" or ", steps)}");
        }

        return pending;
    }

    private void AdvanceTo(TimeSpan at) => writer.AdvanceTo(start + at);

    /// <summary>The attempt that answered: started (written only now, with its attempt number) and completed.</summary>
    private void Close(Pending p, TimeSpan at, int attempt, object result)
    {
        AdvanceTo(at);
        var lastFailure = attempt == 1 ? null : p.Step is Step.Waiting or Step.WaitingAfterCancel ? CheckFailure(previousCheck) : RetryableFailure();
        var started = writer.ActivityTaskStarted(p.ScheduledEventId, attempt, lastFailure);
        writer.ActivityTaskCompleted(p.ScheduledEventId, started, TemporalPayloads.Payload(result));
        pending = null;
    }
}
