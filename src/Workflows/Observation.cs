namespace FineTuneWorkflows.Workflows;

/// <summary>How the workflow reads one observed status, given the one it knew.</summary>
/// <param name="Next">What to do now.</param>
/// <param name="IsChange">The status differs from the known one: record it and tell the world.</param>
/// <param name="IsUnexpected">A move the normal lifecycle does not make (backwards, or out of a final
/// status, or a status we do not know): kept and logged, never fatal, since providers do surprise us.</param>
public sealed record Observation(NextStep Next, bool IsChange, bool IsUnexpected);
