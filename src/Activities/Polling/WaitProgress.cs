namespace FineTuneWorkflows.Activities.Polling;

/// <summary>
/// Heartbeat details: the last observation. A retried attempt (on another worker, after a
/// crash) starts from here instead of from scratch, keeping the cadence and the call count.
/// </summary>
public sealed record WaitProgress(string LastStatus, DateTimeOffset WaitingSince, DateTimeOffset? LastPolledAt, int Polls);
