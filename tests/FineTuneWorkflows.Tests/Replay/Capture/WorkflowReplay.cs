using FineTuneWorkflows.Workflows;
using Microsoft.Extensions.Logging.Abstractions;
using Temporalio.Common;
using Temporalio.Worker;

namespace FineTuneWorkflows.Tests.Replay.Capture;

/// <summary>What replaying one history showed.</summary>
/// <param name="Failure">Nondeterminism or another workflow-task failure; null when replay was clean.</param>
/// <param name="Details">The workflow's current details as they changed (<see cref="CallRecorder.Details"/>).</param>
/// <param name="FailedFinally"><see cref="CallRecorder.FailedFinally"/>.</param>
public sealed record ReplayRecord(Exception? Failure, IReadOnlyList<CapturedCall> Calls, ReplayOutcome Outcome, IReadOnlyList<string> Details, bool? FailedFinally = null);

/// <summary>
/// Replays a history through the real <see cref="FineTuneWorkflow"/> inside the real SDK core,
/// as a worker does after a restart, recording what the code did along the way.
/// </summary>
public static class WorkflowReplay
{
    /// <param name="loggerFactory">Receives what the workflow logs; it logs only in the task the history ends in (earlier ones are replayed).</param>
    public static async Task<ReplayRecord> RunAsync(WorkflowHistory history, Microsoft.Extensions.Logging.ILoggerFactory? loggerFactory = null)
    {
        // One replayer per history: each gets its own recorder, and the cost is a few milliseconds.
        var recorder = new CallRecorder();
        var replayer = new WorkflowReplayer(new WorkflowReplayerOptions
        {
            // A worker polls the queue the workflow runs on, which is what Workflow.Info.TaskQueue
            // says; the replayer would otherwise say "ReplayTaskQueue".
            TaskQueue = history.Events.First().WorkflowExecutionStartedEventAttributes.TaskQueue.Name,
            Interceptors = [new RecordingInterceptor(recorder)],
            LoggerFactory = loggerFactory ?? NullLoggerFactory.Instance,
        }.AddWorkflow<FineTuneWorkflow>().AddWorkflow<WebhookDeliveryWorkflow>().AddWorkflow<FineTuneWorkflows.Workflows.Slots.SlotLimiterWorkflow>());
        var result = await replayer.ReplayWorkflowAsync(history, throwOnReplayFailure: false, TestContext.Current.CancellationToken);
        return new ReplayRecord(result.ReplayFailure, recorder.Calls, recorder.Outcome, recorder.Details, recorder.FailedFinally);
    }
}
