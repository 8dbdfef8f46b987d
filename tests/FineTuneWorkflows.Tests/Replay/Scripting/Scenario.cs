using FineTuneWorkflows.Tests.Replay.Capture;
using Temporalio.Common;

namespace FineTuneWorkflows.Tests.Replay.Scripting;

/// <summary>One run's history and what the workflow must do while replaying it.</summary>
public sealed record ScriptedRun(string RunId, WorkflowHistory History, IReadOnlyList<CapturedCall> Calls, ReplayOutcome Outcome);

/// <summary>A scripted job: one run, or several when the workflow continued as new.</summary>
public sealed record Scenario(string Name, IReadOnlyList<ScriptedRun> Runs)
{
    public ScriptedRun Last => Runs[^1];

    public int EventCount => Runs.Sum(r => r.History.Events.Count);

    public override string ToString() => Name;
}
