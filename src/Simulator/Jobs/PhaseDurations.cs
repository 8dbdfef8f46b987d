namespace FineTuneWorkflows.Simulator.Jobs;

/// <summary>How long a job spends in each phase; fixed when the job is created. <paramref name="Pausing"/> is how long a pause takes to land.</summary>
public sealed record PhaseDurations(TimeSpan ValidatingFiles, TimeSpan Queued, TimeSpan Running, TimeSpan Pausing = default)
{
    public static PhaseDurations From(SimulatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new(options.ValidatingFiles, options.Queued, options.Running, options.Pausing);
    }
}
