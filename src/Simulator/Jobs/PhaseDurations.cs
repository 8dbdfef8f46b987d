namespace FineTuneWorkflows.Simulator.Jobs;

/// <summary>How long a job spends in each phase; fixed when the job is created.</summary>
public sealed record PhaseDurations(TimeSpan ValidatingFiles, TimeSpan Queued, TimeSpan Running)
{
    public static PhaseDurations From(SimulatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new(options.ValidatingFiles, options.Queued, options.Running);
    }
}
