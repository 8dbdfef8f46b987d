namespace FineTuneWorkflows.Activities.Slots;

/// <summary>Those of the ids asked about whose workflow has closed, or never existed.</summary>
public sealed record FindClosedOutput(IReadOnlyList<string> Closed);
