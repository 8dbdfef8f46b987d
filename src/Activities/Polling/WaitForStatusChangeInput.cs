namespace FineTuneWorkflows.Activities.Polling;

/// <param name="JobId">The provider's job id.</param>
/// <param name="KnownStatus">The status the workflow last saw; the activity returns when the job leaves it.</param>
/// <param name="Policy">Poll cadence; null for <see cref="PollPolicy.Default"/>.</param>
public sealed record WaitForStatusChangeInput(string JobId, string KnownStatus, PollPolicy? Policy = null);
