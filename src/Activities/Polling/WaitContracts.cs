using FineTuneWorkflows.Activities.Provider;
using FineTuneWorkflows.Wire;

namespace FineTuneWorkflows.Activities.Polling;

/// <param name="JobId">The provider's job id.</param>
/// <param name="KnownStatus">The status the workflow last saw; the activity returns when the job leaves it.</param>
/// <param name="Policy">Poll cadence; null for <see cref="PollPolicy.Default"/>.</param>
public sealed record WaitForStatusChangeInput(string JobId, string KnownStatus, PollPolicy? Policy = null);

/// <param name="Job">The job as last read: its status differs from the known one, or is terminal.</param>
/// <param name="Polls">Provider calls this wait made, across retried attempts.</param>
public sealed record WaitForStatusChangeOutput(FineTuningJob Job, int Polls);

/// <summary>
/// Heartbeat details: the last observation. A retried attempt (on another worker, after a
/// crash) starts from here instead of from scratch, keeping the cadence and the call count.
/// </summary>
public sealed record WaitProgress(string LastStatus, DateTimeOffset WaitingSince, DateTimeOffset? LastPolledAt, int Polls);
