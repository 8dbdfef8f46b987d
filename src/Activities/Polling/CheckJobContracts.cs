using FineTuneWorkflows.Activities.Provider;
using FineTuneWorkflows.Wire;

namespace FineTuneWorkflows.Activities.Polling;

/// <param name="JobId">The provider's job id.</param>
/// <param name="KnownStatus">The status the workflow last saw; the activity completes when the job leaves it.</param>
/// <param name="Since">When the workflow began this wait: the job's age counts from here until the provider gives its creation time.</param>
/// <param name="Policy">Poll cadence; null for <see cref="PollPolicy.Default"/>.</param>
public sealed record CheckJobInput(string JobId, string KnownStatus, DateTimeOffset Since, PollPolicy? Policy = null);

/// <param name="Job">The job as read: its status differs from the known one, or is terminal.</param>
/// <param name="Polls">Provider calls this wait made: the attempt that saw the change.</param>
public sealed record CheckJobOutput(FineTuningJob Job, int Polls);
