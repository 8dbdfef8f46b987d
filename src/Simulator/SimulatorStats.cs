namespace FineTuneWorkflows.Simulator;

/// <summary>The counters of <see cref="SimulatorState"/>, for users in another process (<c>GET /_sim/stats</c>).</summary>
public sealed record SimulatorStats(
    long TotalCalls,
    long JobsCreated,
    IReadOnlyDictionary<string, long> JobsCreatedByKey,
    IReadOnlyDictionary<string, long> CallsByJob,
    int Jobs,
    int Files);
