using FineTuneWorkflows.Activities;
using FineTuneWorkflows.Activities.Creation;
using FineTuneWorkflows.Activities.Polling;
using FineTuneWorkflows.Activities.Provider;
using FineTuneWorkflows.Activities.Results;
using FineTuneWorkflows.Tests.Replay.Capture;
using FineTuneWorkflows.Tests.Replay.History;
using FineTuneWorkflows.Workflows;
using Temporalio.Api.Enums.V1;
using Temporalio.Exceptions;
using Temporalio.Workflows;
using WorkflowSearchAttributes = FineTuneWorkflows.Workflows.SearchAttributes;

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
    private Pending? pending;
    private FineTuningJob? job;
    private string status = JobStatus.Unknown;
    private bool cancelRequested;
    private AcceptedUpdate? update;

    internal JobScript(string name, FineTuneInput input, FineTuningJob template, string provider, DateTimeOffset start, bool updateWithStart = false)
    {
        this.name = name;
        firstInput = input;
        this.template = template;
        this.provider = provider;
        this.start = start;
        runId = RunIdFor(1);
        writer = new HistoryWriter(WorkflowId, "fine-tune", start);
        writer.WorkflowExecutionStarted(Wire.Payload(input), runId);
        var task = BeginTask();

        // Update-with-Start: the WaitForJob update comes with the first task. Its handler runs
        // before the workflow's main method, so its acceptance is the task's first command; it
        // then waits for the job, which the create below brings.
        if (updateWithStart)
        {
            var updateId = $"{name}-wait-for-job";
            update = new AcceptedUpdate(updateId, writer.WorkflowExecutionUpdateAccepted(
                updateId, WaitForJobUpdate, Wire.Payload(new WaitForJobInput()), task.ScheduledEventId));
        }

        // A new job: the first task creates it, keyed so a retried create never makes a second one.
        var options = Options;
        var key = options.IdempotencyKey ?? runId;
        Schedule(task, Step.Creating, "CreateJob", new CreateJobInput(key, input.Request, task.StartedAt), ActivityPolicies.Create);
    }

    /// <summary>What the workflow is waiting for.</summary>
    private enum Step
    {
        Creating,
        Waiting,
        CancellingJob,
        WaitingAfterCancel,
        Retrieving,
    }

    public const string WaitForJobUpdate = "WaitForJob";

    public string WorkflowId => $"replay-{name}";

    private FineTuneOptions Options => firstInput.Options ?? new FineTuneOptions();

    /// <summary>The provider answers the create, <paramref name="at"/> after the workflow started.</summary>
    /// <param name="attempt">The attempt that succeeded; earlier ones failed retryably and left no events.</param>
    public JobScript Created(string status, TimeSpan at, int attempt = 1, bool adopted = false)
    {
        var p = Expect(Step.Creating);
        var created = template with { Status = status };
        Close(p, at, attempt, new CreateJobOutput(created, adopted, provider));
        var task = BeginTask();

        job = created;
        this.status = JobStatus.Normalize(status);
        timeline.Add(new StatusTransition(this.status, task.StartedAt));
        Upsert(task, (WorkflowSearchAttributes.JobId, created.Id), (WorkflowSearchAttributes.Model, firstInput.Request.Model),
            (WorkflowSearchAttributes.Provider, provider), (WorkflowSearchAttributes.Status, this.status));

        // The create could not be cancelled; a cancel that came meanwhile is carried out now.
        if (cancelRequested)
        {
            ScheduleCancel(task);
        }
        else
        {
            Next(task, allowContinueAsNew: false);
        }

        // The update's handler wakes once the job exists, after the main method's commands, and
        // answers with the job as the Job query shows it (the status normalized).
        if (update is { } waiting)
        {
            if (outcome is not null)
            {
                throw new InvalidOperationException("Not scripted: a run that ends in the task that answers the update");
            }

            var view = created with { Status = this.status };
            Note(CapturedCall.Update, WaitForJobUpdate, view);
            writer.WorkflowExecutionUpdateCompleted(waiting.Id, waiting.AcceptedEventId, Wire.Payload(view));
            update = null;
        }

        return this;
    }

    /// <summary>The wait sees the job move to <paramref name="status"/> (as the provider spells it) at <paramref name="at"/>.</summary>
    /// <param name="change">Other fields the provider filled in by then (model name, error, result files).</param>
    /// <param name="suggestContinueAsNew">The server suggests continue-as-new in the task that follows.</param>
    /// <param name="cancelRequestedToo">A Temporal cancel arrives at the same moment, so one task sees both.</param>
    public JobScript Then(string status, TimeSpan at, Func<FineTuningJob, FineTuningJob>? change = null, int attempt = 1, bool suggestContinueAsNew = false, bool cancelRequestedToo = false)
    {
        var p = Expect(Step.Waiting, Step.WaitingAfterCancel);
        var observed = (change ?? (j => j))(job! with { Status = status });
        Close(p, at, attempt, new WaitForStatusChangeOutput(observed, Polls: 1 + (int)(at - (p.ScheduledAt - start)).TotalMinutes));
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
        Then(JobStatus.Succeeded, at, j => j with
        {
            FineTunedModel = fineTunedModel,
            TrainedTokens = trainedTokens,
            ResultFiles = [.. resultFiles],
            FinishedAt = (start + at).ToUnixTimeSeconds(),
        });

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
    public JobScript Results(TimeSpan at, MetricsSummary? metrics, params ResultArtifact[] artifacts)
    {
        var p = Expect(Step.Retrieving);
        Close(p, at, 1, new RetrieveResultFilesOutput(artifacts, metrics));
        var task = BeginTask();
        var final = job!;
        var result = new FineTuneResult(final.Id, status, final.FineTunedModel, final.TrainedTokens, final.ResultFiles ?? [], metrics, artifacts, [.. timeline]);
        writer.WorkflowExecutionCompleted(task.CompletedEventId, Wire.Payload(result));
        End(new ReplayOutcome(OutcomeKind.Completed, Wire.Json(result)));
        return this;
    }

    /// <summary>
    /// The pending activity fails for good (a non-retryable error, or retries exhausted), and the
    /// run fails with it.
    /// </summary>
    public JobScript ActivityFails(string errorType, string message, TimeSpan at, int attempt = 1)
    {
        var p = Expect(Step.Creating, Step.Waiting, Step.CancellingJob, Step.WaitingAfterCancel, Step.Retrieving);
        AdvanceTo(at);
        var started = writer.ActivityTaskStarted(p.ScheduledEventId, attempt, attempt > 1 ? RetryableFailure() : null);
        var cause = Wire.Failure(new ApplicationFailureException(message, errorType, nonRetryable: true));
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

        // A failed create fails the waiting update too, with the provider's reason; its answer goes
        // out before the run's failure, which core always sends last.
        UpdateFailure? refused = null;
        if (update is { } waiting && p.Step == Step.Creating)
        {
            var refusal = new ApplicationFailureException($"The fine-tuning job could not be created: {message}", errorType, nonRetryable: true);
            writer.WorkflowExecutionUpdateFailed(waiting.Id, waiting.AcceptedEventId, Wire.Failure(refusal));
            refused = new UpdateFailure(refusal.ErrorType, refusal.Message);
            update = null;
        }

        writer.WorkflowExecutionFailed(task.CompletedEventId, failure);
        End(new ReplayOutcome(OutcomeKind.Failed, FailureType: errorType, FailureMessage: message, FailedActivity: p.ActivityType));
        if (refused is not null)
        {
            Note(CapturedCall.UpdateFailed, WaitForJobUpdate, refused);
        }

        return this;
    }

    /// <summary>
    /// A Temporal client cancels the workflow at <paramref name="at"/>. What follows depends on
    /// what the workflow is doing: a wait is cancelled (its worker notices within
    /// <paramref name="acknowledgedAfter"/>) and the job is cancelled at the provider; a create,
    /// a cancel or a retrieval is left to finish.
    /// </summary>
    public JobScript CancelRequested(TimeSpan at, TimeSpan? acknowledgedAfter = null)
    {
        var p = pending ?? throw new InvalidOperationException("Nothing is running to be cancelled");
        AdvanceTo(at);
        writer.WorkflowExecutionCancelRequested("fine-tune cancelled by its owner");
        cancelRequested = true;
        var task = BeginTask();
        if (p.Step != Step.Waiting)
        {
            return this;
        }

        writer.ActivityTaskCancelRequested(task.CompletedEventId, p.ScheduledEventId);
        var cancelRequestedEvent = writer.Count;
        ScheduleCancel(task);

        // The wait's worker sees the cancel at its next heartbeat and reports it; nothing is left for the workflow to do.
        AdvanceTo(at + (acknowledgedAfter ?? TimeSpan.FromSeconds(10)));
        var started = writer.ActivityTaskStarted(p.ScheduledEventId, 1);
        writer.ActivityTaskCanceled(p.ScheduledEventId, started, cancelRequestedEvent);
        BeginTask();
        return this;
    }

    public Scenario Build()
    {
        EndRun(outcome ?? ReplayOutcome.Running);
        return new Scenario(name, [.. runs]);
    }

    private static Temporalio.Api.Failure.V1.Failure RetryableFailure() =>
        Wire.Failure(new ApplicationFailureException("The provider answered 503 Service Unavailable", ProviderErrorTypes.Unavailable));

    private string RunIdFor(int run) => $"{name}-run-{run}";

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
        var started = writer.ActivityTaskStarted(p.ScheduledEventId, attempt, attempt > 1 ? RetryableFailure() : null);
        writer.ActivityTaskCompleted(p.ScheduledEventId, started, Wire.Payload(result));
        pending = null;
    }
}
