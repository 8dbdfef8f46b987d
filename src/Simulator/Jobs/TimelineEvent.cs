namespace FineTuneWorkflows.Simulator.Jobs;

/// <summary>One event of a job's life; <see cref="Sequence"/> numbers it from the first.</summary>
public sealed record TimelineEvent(int Sequence, DateTimeOffset At, string Level, string Message, string Type, TrainingStep? Metrics = null);

/// <summary>The <c>data</c> of a <c>metrics</c> event.</summary>
public sealed record TrainingStep(long Step, long TotalSteps, double TrainLoss, double TrainMeanTokenAccuracy);
