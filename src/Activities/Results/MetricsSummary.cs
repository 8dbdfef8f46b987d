namespace FineTuneWorkflows.Activities.Results;

/// <summary>
/// What the metrics CSV says, compact enough for a workflow result. Null where the file has no
/// such column or no value in it. Loss is best when lowest, accuracy when highest.
/// </summary>
public sealed record MetricsSummary(
    long Rows,
    long? LastStep,
    double? FinalTrainLoss,
    double? BestTrainLoss,
    double? FinalTrainAccuracy,
    double? BestTrainAccuracy,
    double? FinalValidLoss,
    double? BestValidLoss,
    double? FinalValidAccuracy,
    double? BestValidAccuracy);
