using FineTuneWorkflows.Tests.Replay.Capture;
using FineTuneWorkflows.Tests.Replay.Scripting;

namespace FineTuneWorkflows.Tests.Replay;

/// <summary>Replays scripted runs and compares what the workflow did with what the script expects.</summary>
public static class ReplayAssert
{
    /// <summary>Replays the run and asserts: no nondeterminism, the same calls in the same order, the same ending.</summary>
    public static async Task<ReplayRecord> MatchesScriptAsync(ScriptedRun run)
    {
        var replayed = await WorkflowReplay.RunAsync(run.History);
        Assert.Null(replayed.Failure);
        Assert.Equal(run.Calls, replayed.Calls);
        Assert.Equal(run.Outcome, replayed.Outcome);
        return replayed;
    }

    /// <summary>Replays every run of the scenario; returns the last run's record.</summary>
    public static async Task<ReplayRecord> MatchesScriptAsync(Scenario scenario)
    {
        ReplayRecord? last = null;
        foreach (var run in scenario.Runs)
        {
            last = await MatchesScriptAsync(run);
        }

        return last!;
    }

    public static IReadOnlyList<string> ActivityNames(this ReplayRecord record) =>
        [.. record.Calls.Where(c => c.Kind == CapturedCall.Activity).Select(c => c.Name)];
}
