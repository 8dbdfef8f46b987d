namespace FineTuneWorkflows.Activities.Slots;

/// <summary>Workflow ids whose runs are to be looked up.</summary>
public sealed record FindClosedInput(IReadOnlyList<string> WorkflowIds);
