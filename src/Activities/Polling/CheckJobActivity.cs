using System.Globalization;
using FineTuneWorkflows.Activities.Polling;
using FineTuneWorkflows.Activities.Provider;
using FineTuneWorkflows.Wire;
using Microsoft.Extensions.Logging;
using Temporalio.Activities;
using Temporalio.Exceptions;

namespace FineTuneWorkflows.Activities;

public sealed partial class FineTuningActivities
{
    /// <summary>The failure type of a check that found the job where it was: not an error, the wait going on.</summary>
    public const string StatusUnchanged = "JobStatusUnchanged";

    /// <summary>
    /// One provider call per attempt. A job still in <see cref="CheckJobInput.KnownStatus"/> fails
    /// the attempt with <see cref="StatusUnchanged"/> and a next-retry delay from
    /// <see cref="PollSchedule"/>, so Temporal's retry does the waiting: no worker slot and no
    /// heartbeat between calls, and retries add no history events (history grows with status
    /// changes, not polls). A provider error is retried too (a job exists; nothing may end its
    /// watch), after its Retry-After or the policy's back-off.
    /// </summary>
    [Activity("CheckJob")]
    public Task<CheckJobOutput> CheckJobAsync(CheckJobInput input) => ActivityFailures.TranslateAsync(async () =>
    {
        ArgumentNullException.ThrowIfNull(input);
        var policy = UsablePolicy(input.Policy, input.JobId);

        var job = await client.RetrieveJobAsync(input.JobId, Cancellation);
        var now = clock.GetUtcNow();
        // Normalized both sides: Azure's "canceled" is final, and a status that only changes case is no change.
        var status = JobStatus.Normalize(job.Status);
        var polls = Context.Info.Attempt;
        if (status != JobStatus.Normalize(input.KnownStatus) || JobStatus.IsTerminal(status))
        {
            return new CheckJobOutput(job, polls);
        }

        var started = PollSchedule.Instant(job.CreatedAt) ?? input.Since;
        var next = PollSchedule.NextInterval(policy, now - started, now, PollSchedule.Instant(job.EstimatedFinish));
        throw new ApplicationFailureException(
            string.Create(CultureInfo.InvariantCulture, $"still {status} (not an error: the wait goes on) — checked {now:yyyy-MM-dd HH:mm:ss} UTC, next check at {now + next:HH:mm:ss} UTC; check {polls}"),
            StatusUnchanged,
            nextRetryDelay: next);
    }, jobExists: true);

    /// <summary>
    /// The cadence to wait by. Checked before the create since; a workflow started earlier with a
    /// bad cadence must still watch its paid job, so it gets the default rather than a failure.
    /// </summary>
    private static PollPolicy UsablePolicy(PollPolicy? policy, string jobId)
    {
        if (policy?.Problems() is { Count: > 0 } problems)
        {
            Context.Logger.LogWarning("Poll policy for job {JobId} is unusable ({Problems}); using the default", jobId, string.Join("; ", problems));
            return PollPolicy.Default;
        }

        return policy ?? PollPolicy.Default;
    }
}
