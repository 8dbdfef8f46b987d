using System.Globalization;
using FineTuneWorkflows.Activities.Provider;
using FineTuneWorkflows.Wire;
using Microsoft.Extensions.Logging;
using Temporalio.Activities;
using Temporalio.Exceptions;
using static FineTuneWorkflows.Activities.CurrentActivity;

namespace FineTuneWorkflows.Activities.Polling;

/// <summary>
/// The activities that watch a job until its status changes: one check per attempt with
/// Temporal's retry doing the waiting, or one long heartbeating wait.
/// </summary>
public sealed class PollingActivities(FineTuningClient client, TimeProvider clock)
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
            details: [await LiveProgressAsync(input.JobId, job)],
            nextRetryDelay: next);
    }, jobExists: true);

    /// <summary>
    /// The job with its newest metric events, once it trains. The events are a view, never a
    /// reason to stop watching: when they cannot be read (a gateway that does not route them, a
    /// provider error), the check goes on without them.
    /// </summary>
    private async Task<LiveProgress> LiveProgressAsync(string jobId, FineTuningJob job)
    {
        if (!LiveProgress.HasSteps(job.Status))
        {
            return LiveProgress.Of(job, []);
        }

        try
        {
            // Bounded apart: a check's two minutes are sized for its one status read (90 s at most).
            var page = await client.Guarded(LiveProgress.EventsTimeout).ListEventsAsync(jobId, limit: LiveProgress.EventLimit, cancellationToken: Cancellation);
            return LiveProgress.Of(job, page.Data);
        }
        // Anything but the activity's own cancellation: odd event data included, a view never fails a check.
        catch (Exception e) when (!Cancellation.IsCancellationRequested)
        {
            Context.Logger.LogDebug("Could not read the metric events of job {JobId}: {Reason}", jobId, e.Message);
            return LiveProgress.Of(job, []);
        }
    }

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

    /// <summary>
    /// Polls inside one activity until the job leaves <see cref="WaitForStatusChangeInput.KnownStatus"/>
    /// or ends, so workflow history grows with status changes rather than with polls. Heartbeats
    /// carry the last observation; a retried attempt resumes from it.
    /// </summary>
    [Activity("WaitForStatusChange")]
    public Task<WaitForStatusChangeOutput> WaitForStatusChangeAsync(WaitForStatusChangeInput input) => ActivityFailures.TranslateAsync(async () =>
    {
        ArgumentNullException.ThrowIfNull(input);
        var policy = UsablePolicy(input.Policy, input.JobId);

        var known = JobStatus.Normalize(input.KnownStatus);
        var progress = await ResumedProgressAsync() ?? new WaitProgress(known, clock.GetUtcNow(), null, 0);
        if (progress.Polls > 0)
        {
            Context.Logger.LogInformation("Resuming the wait on job {JobId} after {Polls} polls (last saw {Status})", input.JobId, progress.Polls, progress.LastStatus);
        }

        while (true)
        {
            var job = await client.RetrieveJobAsync(input.JobId, Cancellation);
            var now = clock.GetUtcNow();
            var status = job.Status ?? JobStatus.Unknown;
            progress = progress with { LastStatus = status, LastPolledAt = now, Polls = progress.Polls + 1 };
            if (status != known || JobStatus.IsTerminal(status))
            {
                return new WaitForStatusChangeOutput(job, progress.Polls);
            }

            // The progress resumes a retried attempt; the live view is for whoever looks (see LiveProgress).
            var live = await LiveProgressAsync(input.JobId, job);
            Context.Heartbeat(progress, live);
            // The job's own age sets the cadence; before the provider tells us when it began,
            // the time we have been waiting stands in for it.
            var started = PollSchedule.Instant(job.CreatedAt) ?? progress.WaitingSince;
            await SleepHeartbeatingAsync(PollSchedule.NextInterval(policy, now - started, now, PollSchedule.Instant(job.EstimatedFinish)), policy.HeartbeatInterval, progress, live);
        }
    }, jobExists: true);

    private static async Task<WaitProgress?> ResumedProgressAsync() =>
        Context.Info.HeartbeatDetails.Count > 0
            ? await Context.Info.HeartbeatDetailAtAsync<WaitProgress>(0)
            : null;

    /// <summary>Sleeps in slices, heartbeating after each, so cancellation and a dead worker are both noticed within a slice.</summary>
    private async Task SleepHeartbeatingAsync(TimeSpan interval, TimeSpan slice, WaitProgress progress, LiveProgress live)
    {
        for (var left = interval; left > TimeSpan.Zero; left -= slice)
        {
            await Task.Delay(left < slice ? left : slice, clock, Cancellation);
            Context.Heartbeat(progress, live);
        }
    }
}
