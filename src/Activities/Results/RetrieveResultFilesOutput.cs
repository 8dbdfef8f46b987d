namespace FineTuneWorkflows.Activities.Results;

/// <param name="Artifacts">Where each result file now lives.</param>
/// <param name="Metrics">The metrics file's summary, when there was one we could read.</param>
public sealed record RetrieveResultFilesOutput(IReadOnlyList<ResultArtifact> Artifacts, MetricsSummary? Metrics);
