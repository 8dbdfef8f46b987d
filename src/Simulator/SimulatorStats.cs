namespace FineTuneWorkflows.Simulator;

/// <summary>The counters of <see cref="SimulatorState"/>, for users in another process (<c>GET /_sim/stats</c>).</summary>
public sealed record SimulatorStats(
    long TotalCalls,
    long JobsCreated,
    IReadOnlyDictionary<string, long> JobsCreatedByKey,
    IReadOnlyDictionary<string, long> CallsByJob,
    int Jobs,
    int Files)
{
    /// <summary>Per model, the most jobs ever active (validating, queued or running) at once, counted at each create.</summary>
    public IReadOnlyDictionary<string, int> PeakActiveJobs { get; init; } = new Dictionary<string, int>();

    /// <summary>Creates refused for want of room (<see cref="SimulatorOptions.MaxActiveJobs"/>, <see cref="SimulatorOptions.MaxDailyCreates"/>).</summary>
    public long CapacityRefusals { get; init; }
}
