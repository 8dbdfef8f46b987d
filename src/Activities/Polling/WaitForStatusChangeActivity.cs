using FineTuneWorkflows.Activities.Polling;
using FineTuneWorkflows.Activities.Provider;
using FineTuneWorkflows.Wire;
using Microsoft.Extensions.Logging;
using Temporalio.Activities;

namespace FineTuneWorkflows.Activities;

public sealed partial class FineTuningActivities
{
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

            Context.Heartbeat(progress);
            // The job's own age sets the cadence; before the provider tells us when it began,
            // the time we have been waiting stands in for it.
            var started = PollSchedule.Instant(job.CreatedAt) ?? progress.WaitingSince;
            await SleepHeartbeatingAsync(PollSchedule.NextInterval(policy, now - started, now, PollSchedule.Instant(job.EstimatedFinish)), policy.HeartbeatInterval, progress);
        }
    }, jobExists: true);

    private static async Task<WaitProgress?> ResumedProgressAsync() =>
        Context.Info.HeartbeatDetails.Count > 0
            ? await Context.Info.HeartbeatDetailAtAsync<WaitProgress>(0)
            : null;

    /// <summary>Sleeps in slices, heartbeating after each, so cancellation and a dead worker are both noticed within a slice.</summary>
    private async Task SleepHeartbeatingAsync(TimeSpan interval, TimeSpan slice, WaitProgress progress)
    {
        for (var left = interval; left > TimeSpan.Zero; left -= slice)
        {
            await Task.Delay(left < slice ? left : slice, clock, Cancellation);
            Context.Heartbeat(progress);
        }
    }
}
