using FineTuneWorkflows.Tests.Replay.Capture;
using Temporalio.Common;

namespace FineTuneWorkflows.Tests.Replay.Scripting;

/// <summary>One run's history and what the workflow must do while replaying it.</summary>
/// <param name="CallTasks">For each expected call, the WorkflowTaskCompleted event of the task that made it.</param>
public sealed record ScriptedRun(string RunId, WorkflowHistory History, IReadOnlyList<CapturedCall> Calls, ReplayOutcome Outcome, IReadOnlyList<long> CallTasks)
{
    /// <summary>The calls a worker makes replaying the history up to (and with) the task completed at <paramref name="taskCompleted"/>.</summary>
    public IReadOnlyList<CapturedCall> CallsUpTo(long taskCompleted) =>
        [.. Calls.Where((_, i) => CallTasks[i] <= taskCompleted)];
}

/// <summary>A scripted job: one run, or several when the workflow continued as new.</summary>
public sealed record Scenario(string Name, IReadOnlyList<ScriptedRun> Runs)
{
    public ScriptedRun Last => Runs[^1];

    public int EventCount => Runs.Sum(r => r.History.Events.Count);

    public override string ToString() => Name;
}
