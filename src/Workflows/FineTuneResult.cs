using FineTuneWorkflows.Activities.Results;

namespace FineTuneWorkflows.Workflows;

/// <summary>The outcome of a fine-tune that succeeded.</summary>
public sealed record FineTuneResult(
    string JobId,
    string Status,
    string? FineTunedModel,
    long? TrainedTokens,
    IReadOnlyList<string> ResultFiles,
    MetricsSummary? Metrics,
    IReadOnlyList<ResultArtifact> Artifacts,
    IReadOnlyList<StatusTransition> Timeline);
