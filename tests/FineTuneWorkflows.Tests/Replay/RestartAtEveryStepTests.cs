using FineTuneWorkflows.Tests.Replay.Capture;
using Temporalio.Api.Enums.V1;
using Temporalio.Common;

namespace FineTuneWorkflows.Tests.Replay;

/// <summary>
/// A worker can die after any workflow task. The next one finds the history up to the last
/// WorkflowTaskCompleted and the events its commands made (the server writes them together) and
/// replays it: that must be deterministic, and must redo exactly the commands the dead worker had
/// sent, no more and no fewer.
/// </summary>
public class RestartAtEveryStepTests
{
    /// <summary>Events a task's commands write, right after its WorkflowTaskCompleted.</summary>
    private static readonly HashSet<EventType> CommandEvents =
    [
        EventType.MarkerRecorded, EventType.UpsertWorkflowSearchAttributes, EventType.ActivityTaskScheduled,
        EventType.ActivityTaskCancelRequested, EventType.TimerStarted, EventType.TimerCanceled,
        EventType.WorkflowExecutionUpdateAccepted, EventType.WorkflowExecutionUpdateCompleted,
        EventType.WorkflowExecutionCompleted, EventType.WorkflowExecutionFailed, EventType.WorkflowExecutionCanceled,
        EventType.WorkflowExecutionContinuedAsNew,
    ];

    public static TheoryData<string, int> Runs
    {
        get
        {
            var data = new TheoryData<string, int>();
            foreach (var name in Scenarios.Names)
            {
                for (var run = 0; run < Scenarios.Get(name).Runs.Count; run++)
                {
                    data.Add(name, run);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Runs))]
    public async Task Replay_HistoryCutAfterAnyWorkflowTask_IsDeterministicAndRedoesExactlyTheSentCommands(string name, int run)
    {
        var scripted = Scenarios.Get(name).Runs[run];
        var events = scripted.History.Events.ToList();
        var full = await ReplayAssert.MatchesScriptAsync(scripted);

        var cuts = events.Where(e => e.EventType == EventType.WorkflowTaskCompleted).Select(e => TaskEnd(events, (int)e.EventId)).ToList();
        Assert.NotEmpty(cuts);
        foreach (var cut in cuts)
        {
            var prefix = await WorkflowReplay.RunAsync(new WorkflowHistory(scripted.History.Id, events.Take(cut).ToList()));

            Assert.True(prefix.Failure is null, $"cut after event {cut}: {prefix.Failure}");
            Assert.True(IsPrefix(prefix.Calls, full.Calls), $"cut after event {cut}: calls are not a prefix of the full run's:\n{string.Join('\n', prefix.Calls)}");

            // Exactly what the tasks up to the cut did, and nothing the later tasks did.
            Assert.Equal(scripted.CallsUpTo(cut), prefix.Calls);
            Assert.True(
                prefix.Outcome == ReplayOutcome.Running || (cut == cuts[^1] && prefix.Outcome == full.Outcome),
                $"cut after event {cut}: ended {prefix.Outcome.Kind} before its history did");
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"{name} run {run + 1}: {cuts.Count} restart points replayed");
    }

    /// <summary>How many events a restart finds when the task completed at <paramref name="completed"/> was the last.</summary>
    private static int TaskEnd(List<Temporalio.Api.History.V1.HistoryEvent> events, int completed)
    {
        var end = completed;
        while (end < events.Count && CommandEvents.Contains(events[end].EventType))
        {
            end++;
        }

        return end;
    }

    private static bool IsPrefix(IReadOnlyList<CapturedCall> prefix, IReadOnlyList<CapturedCall> full) =>
        prefix.Count <= full.Count && prefix.SequenceEqual(full.Take(prefix.Count));
}
