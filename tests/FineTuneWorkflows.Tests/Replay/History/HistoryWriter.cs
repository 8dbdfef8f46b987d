using Google.Protobuf.WellKnownTypes;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Failure.V1;
using Temporalio.Api.History.V1;
using Temporalio.Api.Sdk.V1;
using Temporalio.Api.TaskQueue.V1;
using Temporalio.Common;

namespace FineTuneWorkflows.Tests.Replay.History;

/// <summary>
/// Appends history events the way the server writes them: ids count up from 1, every event
/// carries the scripted clock's time, and every event points at the events it belongs to
/// (scheduled ↔ started ↔ closed, commands ↔ the WorkflowTaskCompleted that sent them).
/// It knows nothing of the fine-tune workflow; <see cref="Scripting.JobScript"/> decides what to write.
/// </summary>
public sealed class HistoryWriter(string workflowId, string taskQueue, DateTimeOffset start)
{
    /// <summary>How long a worker takes to pick up and answer a workflow task; small and fixed, so times stay readable.</summary>
    public static readonly TimeSpan TaskLatency = TimeSpan.FromMilliseconds(20);

    /// <summary>
    /// What a 1.21.1 worker records in its first task: the SDK's behaviour flags. Without them
    /// core and the SDK replay as for a history from an old SDK (legacy event loop: the workflow
    /// runs after each job, so it sees a timer fire before a cancel that came with it), which is
    /// not what a restarted worker meets.
    /// </summary>
    private static readonly WorkflowTaskCompletedMetadata ModernWorker = new()
    {
        CoreUsedFlags = { 1, 2, 3 }, // id and type checks, upsert checks, terminal commands moved last
        LangUsedFlags = { 2 }, // .NET's ApplyModernEventLoopLogic: every job of a task applied before the workflow runs
        SdkName = "temporal-dotnet",
        SdkVersion = "1.21.1",
    };

    /// <summary>
    /// What the first version's scripts recorded: flag 1 (.NET's ReorderWorkflowCompletion) was
    /// taken for the modern event loop, so those histories replay with the legacy one. Kept so
    /// the committed v1 fixtures can be told apart from what a worker writes.
    /// </summary>
    public static readonly IReadOnlyList<uint> FirstVersionLangFlags = [1];

    private readonly List<HistoryEvent> events = [];
    private bool firstTask = true;

    public string WorkflowId { get; } = workflowId;

    public string TaskQueue { get; } = taskQueue;

    public DateTimeOffset Now { get; private set; } = start;

    public int Count => events.Count;

    public IReadOnlyList<HistoryEvent> Events => events;

    /// <summary>Moves the clock forward; history never goes back in time.</summary>
    public void AdvanceTo(DateTimeOffset at)
    {
        if (at < Now)
        {
            throw new InvalidOperationException($"The script goes back in time: {at:O} is before {Now:O}");
        }

        Now = at;
    }

    public WorkflowHistory ToHistory() => new(WorkflowId, [.. events]);

    /// <summary>
    /// A writer that goes on from the first <paramref name="count"/> events of a recorded history:
    /// what a newer worker appends to a run an older one began.
    /// </summary>
    public static HistoryWriter Continuing(WorkflowHistory recorded, int count)
    {
        ArgumentNullException.ThrowIfNull(recorded);
        var kept = recorded.Events.Take(count).Select(e => e.Clone()).ToList();
        var writer = new HistoryWriter(recorded.Id, kept[0].WorkflowExecutionStartedEventAttributes.TaskQueue.Name, kept[^1].EventTime.ToDateTimeOffset())
        {
            firstTask = false,
        };
        writer.events.AddRange(kept);
        return writer;
    }

    /// <param name="attributes">Search attributes the run starts with (a continued run inherits its predecessor's).</param>
    /// <param name="firstRunId">The chain's first run (continue-as-new, retry or reset keep it); null for this one.</param>
    /// <param name="initiator">Why a run continues another: continue-as-new by default, or a retry.</param>
    /// <param name="workflowType">The workflow's registered name.</param>
    public void WorkflowExecutionStarted(
        Payload input,
        string runId,
        string? continuedFromRunId = null,
        SearchAttributes? attributes = null,
        string? firstRunId = null,
        ContinueAsNewInitiator initiator = ContinueAsNewInitiator.Workflow,
        string workflowType = "FineTune") =>
        Append(EventType.WorkflowExecutionStarted, e => e.WorkflowExecutionStartedEventAttributes = new()
        {
            WorkflowType = new() { Name = workflowType },
            TaskQueue = Queue,
            Input = new Payloads { Payloads_ = { input } },
            WorkflowTaskTimeout = Duration.FromTimeSpan(TimeSpan.FromSeconds(10)),
            OriginalExecutionRunId = runId,
            FirstExecutionRunId = firstRunId ?? continuedFromRunId ?? runId,
            ContinuedExecutionRunId = continuedFromRunId ?? string.Empty,
            Initiator = continuedFromRunId is null ? ContinueAsNewInitiator.Unspecified : initiator,
            Attempt = 1,
            Identity = "starter",
            SearchAttributes = attributes,
        });

    /// <summary>
    /// One workflow task: scheduled now, started and completed a moment later. The workflow's
    /// clock (<c>Workflow.UtcNow</c>) reads the started event's time.
    /// </summary>
    /// <returns>The WorkflowTaskCompleted event id, which the task's commands refer to.</returns>
    public WorkflowTask WorkflowTask(bool suggestContinueAsNew = false)
    {
        var scheduled = Append(EventType.WorkflowTaskScheduled, e => e.WorkflowTaskScheduledEventAttributes = new()
        {
            TaskQueue = Queue,
            StartToCloseTimeout = Duration.FromTimeSpan(TimeSpan.FromSeconds(10)),
            Attempt = 1,
        });
        Now += TaskLatency;
        var startedAt = Now;
        var started = Append(EventType.WorkflowTaskStarted, e => e.WorkflowTaskStartedEventAttributes = new()
        {
            ScheduledEventId = scheduled,
            Identity = "worker",
            RequestId = $"wft-{scheduled}",
            SuggestContinueAsNew = suggestContinueAsNew,
            HistorySizeBytes = 1024 * events.Count,
        });
        Now += TaskLatency;
        var completed = Append(EventType.WorkflowTaskCompleted, e => e.WorkflowTaskCompletedEventAttributes = new()
        {
            ScheduledEventId = scheduled,
            StartedEventId = started,
            Identity = "worker",
            SdkMetadata = firstTask ? ModernWorker : null,
        });
        firstTask = false;
        return new WorkflowTask(completed, startedAt, scheduled);
    }

    /// <summary>
    /// A workflow task that failed because an operator reset the workflow to it: what the new run's
    /// history holds where the base run's first task completed. The next task is the new run's.
    /// </summary>
    public void WorkflowTaskFailedByReset(string baseRunId, string newRunId)
    {
        var scheduled = Append(EventType.WorkflowTaskScheduled, e => e.WorkflowTaskScheduledEventAttributes = new()
        {
            TaskQueue = Queue,
            StartToCloseTimeout = Duration.FromTimeSpan(TimeSpan.FromSeconds(10)),
            Attempt = 1,
        });
        Now += TaskLatency;
        var started = Append(EventType.WorkflowTaskStarted, e => e.WorkflowTaskStartedEventAttributes = new()
        {
            ScheduledEventId = scheduled,
            Identity = "worker",
            RequestId = $"wft-{scheduled}",
        });
        Now += TaskLatency;
        Append(EventType.WorkflowTaskFailed, e => e.WorkflowTaskFailedEventAttributes = new()
        {
            ScheduledEventId = scheduled,
            StartedEventId = started,
            Cause = WorkflowTaskFailedCause.ResetWorkflow,
            Failure = new Failure { Message = "reset by an operator" },
            Identity = "operator",
            BaseRunId = baseRunId,
            NewRunId = newRunId,
        });
    }

    public long ActivityTaskScheduled(long taskCompleted, string activityId, string activityType, Payload input, Temporalio.Workflows.ActivityOptions options) =>
        Append(EventType.ActivityTaskScheduled, e =>
        {
            var attributes = new ActivityTaskScheduledEventAttributes
            {
                ActivityId = activityId,
                ActivityType = new() { Name = activityType },
                TaskQueue = options.TaskQueue is { } queue ? new Temporalio.Api.TaskQueue.V1.TaskQueue { Name = queue, Kind = TaskQueueKind.Normal } : Queue,
                Input = new Payloads { Payloads_ = { input } },
                WorkflowTaskCompletedEventId = taskCompleted,
                RetryPolicy = ToProto(options.RetryPolicy),
            };
            SetTimeouts(attributes, options);
            e.ActivityTaskScheduledEventAttributes = attributes;
        });

    /// <summary>
    /// The server writes an activity's started event only when the attempt closes, with the
    /// attempt number: retried attempts leave no events of their own.
    /// </summary>
    public long ActivityTaskStarted(long scheduled, int attempt, Failure? lastFailure = null) =>
        Append(EventType.ActivityTaskStarted, e => e.ActivityTaskStartedEventAttributes = new()
        {
            ScheduledEventId = scheduled,
            Attempt = attempt,
            Identity = "worker",
            RequestId = $"act-{scheduled}-{attempt}",
            LastFailure = lastFailure,
        });

    public long ActivityTaskCompleted(long scheduled, long started, Payload result) =>
        Append(EventType.ActivityTaskCompleted, e => e.ActivityTaskCompletedEventAttributes = new()
        {
            ScheduledEventId = scheduled,
            StartedEventId = started,
            Result = new Payloads { Payloads_ = { result } },
            Identity = "worker",
        });

    public long ActivityTaskFailed(long scheduled, long started, Failure failure, RetryState retryState) =>
        Append(EventType.ActivityTaskFailed, e => e.ActivityTaskFailedEventAttributes = new()
        {
            ScheduledEventId = scheduled,
            StartedEventId = started,
            Failure = failure,
            RetryState = retryState,
            Identity = "worker",
        });

    public long ActivityTaskTimedOut(long scheduled, long started, Failure failure) =>
        Append(EventType.ActivityTaskTimedOut, e => e.ActivityTaskTimedOutEventAttributes = new()
        {
            ScheduledEventId = scheduled,
            StartedEventId = started,
            Failure = failure,
            RetryState = RetryState.Timeout,
        });

    public long ActivityTaskCancelRequested(long taskCompleted, long scheduled) =>
        Append(EventType.ActivityTaskCancelRequested, e => e.ActivityTaskCancelRequestedEventAttributes = new()
        {
            ScheduledEventId = scheduled,
            WorkflowTaskCompletedEventId = taskCompleted,
        });

    /// <param name="details">What the server attaches when it cancels an activity no attempt of which is running.</param>
    public long ActivityTaskCanceled(long scheduled, long started, long cancelRequested, Payload? details = null) =>
        Append(EventType.ActivityTaskCanceled, e =>
        {
            e.ActivityTaskCanceledEventAttributes = new()
            {
                ScheduledEventId = scheduled,
                StartedEventId = started,
                LatestCancelRequestedEventId = cancelRequested,
                Identity = "worker",
            };
            if (details is not null)
            {
                e.ActivityTaskCanceledEventAttributes.Details = new Payloads { Payloads_ = { details } };
            }
        });

    public long UpsertWorkflowSearchAttributes(long taskCompleted, SearchAttributes attributes) =>
        Append(EventType.UpsertWorkflowSearchAttributes, e => e.UpsertWorkflowSearchAttributesEventAttributes = new()
        {
            WorkflowTaskCompletedEventId = taskCompleted,
            SearchAttributes = attributes,
        });

    /// <summary>
    /// What <c>Workflow.Patched</c> writes the first time it returns true: core's patch marker,
    /// then (this worker's flag 2) an upsert of <c>TemporalChangeVersion</c> listing every patch
    /// the run has marked so far.
    /// </summary>
    public void PatchMarker(long taskCompleted, string patchId, IReadOnlyCollection<string> allPatches)
    {
        var data = new Payload
        {
            Metadata = { ["encoding"] = Google.Protobuf.ByteString.CopyFromUtf8("json/plain") },
            Data = Google.Protobuf.ByteString.CopyFromUtf8(System.Text.Json.JsonSerializer.Serialize(new { id = patchId, deprecated = false })),
        };
        Append(EventType.MarkerRecorded, e => e.MarkerRecordedEventAttributes = new()
        {
            MarkerName = "core_patch",
            Details = { ["patch-data"] = new Payloads { Payloads_ = { data } } },
            WorkflowTaskCompletedEventId = taskCompleted,
        });
        var versions = new Payload
        {
            Metadata =
            {
                ["encoding"] = Google.Protobuf.ByteString.CopyFromUtf8("json/plain"),
                ["type"] = Google.Protobuf.ByteString.CopyFromUtf8("KeywordList"),
            },
            Data = Google.Protobuf.ByteString.CopyFromUtf8(System.Text.Json.JsonSerializer.Serialize(allPatches.Order(StringComparer.Ordinal))),
        };
        UpsertWorkflowSearchAttributes(taskCompleted, new SearchAttributes { IndexedFields = { ["TemporalChangeVersion"] = versions } });
    }

    public long WorkflowExecutionSignaled(string signalName, Payload input) =>
        Append(EventType.WorkflowExecutionSignaled, e => e.WorkflowExecutionSignaledEventAttributes = new()
        {
            SignalName = signalName,
            Input = new Payloads { Payloads_ = { input } },
            Identity = "delivery",
        });

    public long SignalExternalWorkflowExecutionInitiated(long taskCompleted, string workflowId, string signalName, Payload input) =>
        Append(EventType.SignalExternalWorkflowExecutionInitiated, e => e.SignalExternalWorkflowExecutionInitiatedEventAttributes = new()
        {
            WorkflowTaskCompletedEventId = taskCompleted,
            Namespace = "default",
            WorkflowExecution = new() { WorkflowId = workflowId },
            SignalName = signalName,
            Input = new Payloads { Payloads_ = { input } },
        });

    public long ExternalWorkflowExecutionSignaled(long initiated, string workflowId) =>
        Append(EventType.ExternalWorkflowExecutionSignaled, e => e.ExternalWorkflowExecutionSignaledEventAttributes = new()
        {
            InitiatedEventId = initiated,
            Namespace = "default",
            WorkflowExecution = new() { WorkflowId = workflowId },
        });

    /// <summary>The signal's target is gone (it closed after the search found it).</summary>
    public long SignalExternalWorkflowExecutionFailed(long taskCompleted, long initiated, string workflowId) =>
        Append(EventType.SignalExternalWorkflowExecutionFailed, e => e.SignalExternalWorkflowExecutionFailedEventAttributes = new()
        {
            WorkflowTaskCompletedEventId = taskCompleted,
            InitiatedEventId = initiated,
            Namespace = "default",
            WorkflowExecution = new() { WorkflowId = workflowId },
            Cause = SignalExternalWorkflowExecutionFailedCause.ExternalWorkflowExecutionNotFound,
        });

    public long WorkflowExecutionCancelRequested(string cause) =>
        Append(EventType.WorkflowExecutionCancelRequested, e => e.WorkflowExecutionCancelRequestedEventAttributes = new()
        {
            Cause = cause,
            Identity = "client",
        });

    public long WorkflowExecutionCompleted(long taskCompleted, Payload result) =>
        Append(EventType.WorkflowExecutionCompleted, e => e.WorkflowExecutionCompletedEventAttributes = new()
        {
            WorkflowTaskCompletedEventId = taskCompleted,
            Result = new Payloads { Payloads_ = { result } },
        });

    public long WorkflowExecutionFailed(long taskCompleted, Failure failure) =>
        Append(EventType.WorkflowExecutionFailed, e => e.WorkflowExecutionFailedEventAttributes = new()
        {
            WorkflowTaskCompletedEventId = taskCompleted,
            Failure = failure,
            RetryState = RetryState.RetryPolicyNotSet,
        });

    public long WorkflowExecutionCanceled(long taskCompleted) =>
        Append(EventType.WorkflowExecutionCanceled, e => e.WorkflowExecutionCanceledEventAttributes = new()
        {
            WorkflowTaskCompletedEventId = taskCompleted,
        });

    public long TimerStarted(long taskCompleted, string timerId, TimeSpan duration) =>
        Append(EventType.TimerStarted, e => e.TimerStartedEventAttributes = new()
        {
            TimerId = timerId,
            StartToFireTimeout = Duration.FromTimeSpan(duration),
            WorkflowTaskCompletedEventId = taskCompleted,
        });

    public long TimerCanceled(long taskCompleted, string timerId, long started) =>
        Append(EventType.TimerCanceled, e => e.TimerCanceledEventAttributes = new()
        {
            TimerId = timerId,
            StartedEventId = started,
            WorkflowTaskCompletedEventId = taskCompleted,
            Identity = "worker",
        });

    public long TimerFired(string timerId, long started) =>
        Append(EventType.TimerFired, e => e.TimerFiredEventAttributes = new() { TimerId = timerId, StartedEventId = started });

    public long WorkflowExecutionContinuedAsNew(long taskCompleted, Payload input, string newRunId, string workflowType = "FineTune") =>
        Append(EventType.WorkflowExecutionContinuedAsNew, e => e.WorkflowExecutionContinuedAsNewEventAttributes = new()
        {
            WorkflowTaskCompletedEventId = taskCompleted,
            NewExecutionRunId = newRunId,
            WorkflowType = new() { Name = workflowType },
            TaskQueue = Queue,
            Input = new Payloads { Payloads_ = { input } },
            WorkflowTaskTimeout = Duration.FromTimeSpan(TimeSpan.FromSeconds(10)),
            Initiator = ContinueAsNewInitiator.Workflow,
        });

    /// <summary>
    /// The workflow accepted an update delivered in the task scheduled at
    /// <paramref name="sequencingEventId"/>: written after that task's WorkflowTaskCompleted, in
    /// the order of the task's commands, carrying the request as the server received it (the
    /// request message id is the update id + <c>/request</c>, as the server names it).
    /// </summary>
    /// <param name="input">The update's one argument; null for an update that takes none.</param>
    public long WorkflowExecutionUpdateAccepted(string updateId, string updateName, Payload? input, long sequencingEventId) =>
        Append(EventType.WorkflowExecutionUpdateAccepted, e => e.WorkflowExecutionUpdateAcceptedEventAttributes = new()
        {
            ProtocolInstanceId = updateId,
            AcceptedRequestMessageId = $"{updateId}/request",
            AcceptedRequestSequencingEventId = sequencingEventId,
            AcceptedRequest = new()
            {
                Meta = new() { UpdateId = updateId, Identity = "starter" },
                Input = new() { Name = updateName, Args = input is null ? new Payloads() : new Payloads { Payloads_ = { input } } },
            },
        });

    /// <summary>The update's handler returned <paramref name="result"/>.</summary>
    public long WorkflowExecutionUpdateCompleted(string updateId, long accepted, Payload result) =>
        UpdateCompleted(updateId, accepted, new() { Success = new Payloads { Payloads_ = { result } } });

    /// <summary>The update's handler failed with <paramref name="failure"/>; the caller gets it, the run goes on.</summary>
    public long WorkflowExecutionUpdateFailed(string updateId, long accepted, Failure failure) =>
        UpdateCompleted(updateId, accepted, new() { Failure = failure });

    private TaskQueue Queue => new() { Name = TaskQueue, Kind = TaskQueueKind.Normal };

    private static Temporalio.Api.Common.V1.RetryPolicy? ToProto(Temporalio.Common.RetryPolicy? policy)
    {
        // The SDK's own conversion is internal; this is the same mapping.
        if (policy is null)
        {
            return null;
        }

        var proto = new Temporalio.Api.Common.V1.RetryPolicy
        {
            InitialInterval = Duration.FromTimeSpan(policy.InitialInterval),
            BackoffCoefficient = policy.BackoffCoefficient,
            MaximumInterval = policy.MaximumInterval is { } max ? Duration.FromTimeSpan(max) : null,
            MaximumAttempts = policy.MaximumAttempts,
        };
        proto.NonRetryableErrorTypes.AddRange(policy.NonRetryableErrorTypes ?? []);
        return proto;
    }

    private static void SetTimeouts(ActivityTaskScheduledEventAttributes attributes, Temporalio.Workflows.ActivityOptions options)
    {
        // The server fills in what the command left open; these mirror the options the workflow passes.
        if (options.ScheduleToCloseTimeout is { } scheduleToClose)
        {
            attributes.ScheduleToCloseTimeout = Duration.FromTimeSpan(scheduleToClose);
        }

        if (options.StartToCloseTimeout is { } startToClose)
        {
            attributes.StartToCloseTimeout = Duration.FromTimeSpan(startToClose);
        }

        if (options.HeartbeatTimeout is { } heartbeat)
        {
            attributes.HeartbeatTimeout = Duration.FromTimeSpan(heartbeat);
        }
    }

    private long UpdateCompleted(string updateId, long accepted, Temporalio.Api.Update.V1.Outcome outcome) =>
        Append(EventType.WorkflowExecutionUpdateCompleted, e => e.WorkflowExecutionUpdateCompletedEventAttributes = new()
        {
            Meta = new() { UpdateId = updateId, Identity = "starter" },
            AcceptedEventId = accepted,
            Outcome = outcome,
        });

    private long Append(EventType type, Action<HistoryEvent> attributes)
    {
        var e = new HistoryEvent
        {
            EventId = events.Count + 1,
            EventTime = Timestamp.FromDateTimeOffset(Now),
            EventType = type,
        };
        attributes(e);
        events.Add(e);
        return e.EventId;
    }
}

/// <param name="CompletedEventId">The WorkflowTaskCompleted event the task's commands point at.</param>
/// <param name="StartedAt">The workflow's clock during the task.</param>
/// <param name="ScheduledEventId">The WorkflowTaskScheduled event: what an update delivered in the task is sequenced on.</param>
public sealed record WorkflowTask(long CompletedEventId, DateTimeOffset StartedAt, long ScheduledEventId);
