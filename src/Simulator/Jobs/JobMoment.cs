namespace FineTuneWorkflows.Simulator.Jobs;

/// <summary>A job's state at one instant, as the timeline computes it.</summary>
public sealed record JobMoment(string Status, DateTimeOffset? FinishedAt, DateTimeOffset? EstimatedFinish);
