namespace FineTuneWorkflows.Activities.Polling;

/// <param name="JobId">The provider's job id.</param>
/// <param name="KnownStatus">The status the workflow last saw; the activity completes when the job leaves it.</param>
/// <param name="Since">When the workflow began this wait: the job's age counts from here until the provider gives its creation time.</param>
/// <param name="Policy">Poll cadence; null for <see cref="PollPolicy.Default"/>.</param>
public sealed record CheckJobInput(string JobId, string KnownStatus, DateTimeOffset Since, PollPolicy? Policy = null);
