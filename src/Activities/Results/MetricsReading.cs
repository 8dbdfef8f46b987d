namespace FineTuneWorkflows.Activities.Results;

/// <summary>A metrics file read once: its summary (null when no column was known) and its steps, thinned to a bound.</summary>
public sealed record MetricsReading(MetricsSummary? Summary, IReadOnlyList<StepMetrics> Steps)
{
    public static readonly MetricsReading None = new(null, []);
}
