namespace FineTuneWorkflows.Workflows;

/// <summary>A status the workflow saw, and when (workflow time).</summary>
public sealed record StatusTransition(string Status, DateTimeOffset At);
