using FineTuneWorkflows.Tests.Replay.Capture;
using Temporalio.Api.Enums.V1;
using Temporalio.Common;

namespace FineTuneWorkflows.Tests.Replay;

/// <summary>
/// A worker can die after any workflow task. The next one finds the history up to the last
/// WorkflowTaskCompleted and replays it: that must be deterministic, and must redo exactly the
/// commands the dead worker had sent, no more and no fewer.
/// </summary>
public class RestartAtEveryStepTests
{
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

        var cuts = events.Where(e => e.EventType == EventType.WorkflowTaskCompleted).Select(e => (int)e.EventId).ToList();
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

    private static bool IsPrefix(IReadOnlyList<CapturedCall> prefix, IReadOnlyList<CapturedCall> full) =>
        prefix.Count <= full.Count && prefix.SequenceEqual(full.Take(prefix.Count));
}
