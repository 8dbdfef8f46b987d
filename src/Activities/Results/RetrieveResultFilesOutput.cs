namespace FineTuneWorkflows.Activities.Results;

/// <param name="Artifacts">Where each result file now lives.</param>
/// <param name="Metrics">The metrics file's summary, when there was one we could read.</param>
public sealed record RetrieveResultFilesOutput(IReadOnlyList<ResultArtifact> Artifacts, MetricsSummary? Metrics)
{
    /// <summary>Where the starter serves the loss curve (<see cref="ArtifactOptions.PublicUrl"/>); null when not configured or not drawn.</summary>
    public Uri? ChartUrl { get; init; }
}
