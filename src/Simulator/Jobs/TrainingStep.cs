namespace FineTuneWorkflows.Simulator.Jobs;

/// <summary>The <c>data</c> of a <c>metrics</c> event.</summary>
public sealed record TrainingStep(long Step, long TotalSteps, double TrainLoss, double TrainMeanTokenAccuracy);
