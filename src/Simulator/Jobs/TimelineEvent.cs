namespace FineTuneWorkflows.Simulator.Jobs;

/// <summary>One event of a job's life; <see cref="Sequence"/> numbers it from the first.</summary>
public sealed record TimelineEvent(int Sequence, DateTimeOffset At, string Level, string Message, string Type, TrainingStep? Metrics = null);
