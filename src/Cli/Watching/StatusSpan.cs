namespace FineTuneWorkflows.Cli.Watching;

/// <summary>A status and when it was first seen; it lasted until the next one began.</summary>
public sealed record StatusSpan(string Status, DateTimeOffset Since);
