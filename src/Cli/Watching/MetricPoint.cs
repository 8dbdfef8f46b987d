namespace FineTuneWorkflows.Cli.Watching;

/// <summary>One training step's figures, from a <c>metrics</c> event's <c>data</c>.</summary>
public sealed record MetricPoint(long Step, long? TotalSteps, double? TrainLoss, double? ValidLoss, double? TrainAccuracy);
