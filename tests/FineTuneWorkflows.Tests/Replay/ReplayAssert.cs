using FineTuneWorkflows.Tests.Replay.Capture;
using FineTuneWorkflows.Tests.Replay.Scripting;
using FineTuneWorkflows.Activities.Creation;
using FineTuneWorkflows.Tests.Replay.History;

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

    /// <summary>What the run's first two activities were given: the prepare's input and the create's.</summary>
    public static (PrepareCreateInput Prepare, CreateJobInput Create) PrepareAndCreate(this ReplayRecord record)
    {
        var activities = record.Calls.Where(c => c.Kind == CapturedCall.Activity).ToList();
        return (TemporalPayloads.Value<PrepareCreateInput>(activities[0].Detail), TemporalPayloads.Value<CreateJobInput>(activities[1].Detail));
    }
}
