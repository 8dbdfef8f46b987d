using FineTuneWorkflows.Bench.Baseline;
using FineTuneWorkflows.Tests.Replay.Capture;
using FineTuneWorkflows.Tests.Replay.Scripting;
using FineTuneWorkflows.Workflows;
using Microsoft.Extensions.Logging.Abstractions;
using Temporalio.Common;
using Temporalio.Worker;

namespace FineTuneWorkflows.Bench.Replay;

/// <summary>Replays built histories through the SDK's <see cref="WorkflowReplayer"/>, as a restarted worker would.</summary>
public static class Replays
{
    public static WorkflowReplayer Plain<TWorkflow>() => new(new WorkflowReplayerOptions { LoggerFactory = NullLoggerFactory.Instance }.AddWorkflow<TWorkflow>());

    /// <summary>Our history must replay cleanly, making exactly the calls the script expects, and end as scripted.</summary>
    public static async Task CheckOursAsync(Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        foreach (var run in scenario.Runs)
        {
            var recorder = new CallRecorder();
            var replayer = new WorkflowReplayer(new WorkflowReplayerOptions
            {
                // As a worker of the workflow's queue: the long-work queue is named after it.
                TaskQueue = run.History.Events.First().WorkflowExecutionStartedEventAttributes.TaskQueue.Name,
                Interceptors = [new RecordingInterceptor(recorder)],
                LoggerFactory = NullLoggerFactory.Instance,
            }.AddWorkflow<FineTuneWorkflow>());
            var result = await replayer.ReplayWorkflowAsync(run.History, throwOnReplayFailure: false);
            if (result.ReplayFailure is { } failure)
            {
                throw new InvalidOperationException($"{scenario.Name}: our history does not replay", failure);
            }

            if (!recorder.Calls.SequenceEqual(run.Calls) || recorder.Outcome != run.Outcome)
            {
                throw new InvalidOperationException($"{scenario.Name}: replay made other calls or ended otherwise than scripted ({recorder.Outcome.Kind})");
            }
        }
    }

    /// <summary>
    /// The baseline's runs must replay cleanly through <see cref="PollingLoopBaselineWorkflow"/>,
    /// polling exactly <paramref name="polls"/> times in all, each run continuing as new but the last, which completes.
    /// </summary>
    public static async Task CheckBaselineAsync(string name, IReadOnlyList<WorkflowHistory> runs, int polls)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var polled = 0;
        for (var i = 0; i < runs.Count; i++)
        {
            var recorder = new CallRecorder();
            var replayer = new WorkflowReplayer(new WorkflowReplayerOptions
            {
                Interceptors = [new RecordingInterceptor(recorder)],
                LoggerFactory = NullLoggerFactory.Instance,
            }.AddWorkflow<PollingLoopBaselineWorkflow>());
            var result = await replayer.ReplayWorkflowAsync(runs[i], throwOnReplayFailure: false);
            if (result.ReplayFailure is { } failure)
            {
                throw new InvalidOperationException($"{name}: baseline run {i + 1} does not replay", failure);
            }

            var expected = i == runs.Count - 1 ? OutcomeKind.Completed : OutcomeKind.ContinuedAsNew;
            if (recorder.Outcome.Kind != expected)
            {
                throw new InvalidOperationException($"{name}: baseline run {i + 1} ended {recorder.Outcome.Kind}, not {expected}");
            }

            polled += recorder.Calls.Count(c => c is { Kind: CapturedCall.Activity, Name: "PollJob" });
        }

        if (polled != polls)
        {
            throw new InvalidOperationException($"{name}: replay polled {polled} times, the run {polls}");
        }
    }
}
