namespace FineTuneWorkflows.Activities.Results;

/// <summary>One row of a metrics file, by step: what a chart plots. Null where the row has no value.</summary>
public sealed record StepMetrics(long Step, double? TrainLoss, double? ValidLoss, double? TrainAccuracy, double? ValidAccuracy);
