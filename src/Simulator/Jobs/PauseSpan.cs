namespace FineTuneWorkflows.Simulator.Jobs;

/// <summary>A pause of a running job: from the pause request to the resume (open while none came).</summary>
public sealed record PauseSpan(DateTimeOffset PausedAt, DateTimeOffset? ResumedAt);
