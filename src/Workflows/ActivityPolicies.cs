using FineTuneWorkflows.Activities.Provider;
using Temporalio.Common;
using Temporalio.Workflows;

namespace FineTuneWorkflows.Workflows;

/// <summary>
/// Timeouts and retries for each activity, chosen for jobs that run minutes to days. No policy
/// lists a failure type as final: only the activity knows whether a job may exist, so only it
/// marks a failure non-retryable (a refused create that made no job, a bad request, a job it
/// cannot tell from another client's). Everything else is retried with back-off capped at a few
/// minutes and no overall deadline — once a job may exist, giving up would leave it running
/// unwatched — so an outage costs a late answer, not a lost or doubled job. A Retry-After from
/// the provider overrides the back-off.
/// </summary>
public static class ActivityPolicies
{
    private static RetryPolicy Retry(TimeSpan maxInterval) => new()
    {
        InitialInterval = TimeSpan.FromSeconds(2),
        BackoffCoefficient = 2,
        MaximumInterval = maxInterval,
    };

    /// <summary>
    /// Checks the request, the options and the artifact folder, and lists the provider's jobs, all
    /// before any create: one list call and a file probe. Cancellable — no job exists yet.
    /// </summary>
    public static ActivityOptions Prepare => new()
    {
        StartToCloseTimeout = TimeSpan.FromMinutes(2),
        RetryPolicy = Retry(TimeSpan.FromMinutes(1)),
    };

    /// <summary>
    /// An update-with-start of the limiter: quick, retried while Temporal is unreachable. Never
    /// cancelled by the workflow: a request cut short could still land after the run gave its slot
    /// back, leaving a holder that is gone; the run carries out the cancel once it is answered.
    /// </summary>
    public static ActivityOptions RequestSlot => new()
    {
        StartToCloseTimeout = TimeSpan.FromSeconds(30),
        RetryPolicy = Retry(TimeSpan.FromMinutes(1)),
        CancellationToken = CancellationToken.None,
    };

    /// <summary>
    /// A create (or a find, for an earlier run's job) with its search of the provider's list,
    /// heartbeating before each call: a dead worker's attempt is abandoned within two minutes, and
    /// each call is bounded well inside that, so no call of it overlaps the next attempt. Never
    /// cancelled by the workflow: a cancel that cut a create short could leave a paid job nobody
    /// knows of; the workflow cancels the job after.
    /// </summary>
    public static ActivityOptions Create => new()
    {
        StartToCloseTimeout = TimeSpan.FromMinutes(15),
        HeartbeatTimeout = TimeSpan.FromMinutes(2),
        RetryPolicy = Retry(TimeSpan.FromMinutes(1)),
        CancellationToken = CancellationToken.None,
    };

    /// <summary>
    /// One provider call per attempt (<c>CheckJob</c>): a job still in its status fails the attempt
    /// with the delay to the next check, so Temporal's retry does the waiting — no worker slot, no
    /// heartbeat and no history event between checks. An attempt is one bounded call, so no
    /// heartbeat is needed to notice a dead worker: the start-to-close timeout does (two minutes,
    /// longer than the client lets any call run). The back-off
    /// cap applies to provider errors only; the activity's next-retry delay for an unchanged job
    /// is not capped by it (Temporal Server 1.25 and later; an older server caps it at one minute,
    /// which costs more checks, never a missed one).
    /// </summary>
    public static ActivityOptions Check => new()
    {
        // One call, which the client gives up after Provider:RequestTimeout (90 s at most).
        StartToCloseTimeout = ProviderOptions.MaxRequestTimeout + TimeSpan.FromSeconds(30),
        RetryPolicy = Retry(TimeSpan.FromMinutes(1)),
    };

    /// <summary>
    /// The wait of workflows started before <see cref="Check"/> (see <c>Patches.CheckWithoutSlot</c>).
    /// Runs as long as a job stays in one status (days, for a long training run). Liveness comes
    /// from the heartbeat (sent every few seconds), so a dead worker is noticed within two
    /// minutes and the next attempt resumes from the last heartbeat.
    /// </summary>
    public static ActivityOptions Wait => new()
    {
        StartToCloseTimeout = TimeSpan.FromDays(30),
        HeartbeatTimeout = TimeSpan.FromMinutes(2),
        RetryPolicy = Retry(TimeSpan.FromMinutes(5)),
    };

    /// <summary>The same wait, for after a cancel: it must not be cancelled itself.</summary>
    public static ActivityOptions WaitAfterCancel => Uncancellable(Wait);

    /// <summary>
    /// A cancel call (and a read when the provider says the job has ended), run even though the
    /// workflow is being cancelled, and retried for as long as the provider does not answer.
    /// </summary>
    public static ActivityOptions Cancel => new()
    {
        StartToCloseTimeout = TimeSpan.FromMinutes(5),
        RetryPolicy = Retry(TimeSpan.FromMinutes(1)),
        CancellationToken = CancellationToken.None,
    };

    /// <summary>
    /// A pause or a resume, asked for by someone waiting on the update: retried for two minutes at
    /// most, then the update says it failed (the job is watched either way). A cancel of the
    /// workflow cuts it short: the cancel supersedes it.
    /// </summary>
    public static ActivityOptions Pause => new()
    {
        StartToCloseTimeout = TimeSpan.FromSeconds(100),
        ScheduleToCloseTimeout = TimeSpan.FromMinutes(2),
        RetryPolicy = Retry(TimeSpan.FromSeconds(30)),
    };

    /// <summary>
    /// Streams result files to the artifact store, heartbeating while bytes flow, so a dead worker
    /// or a stalled download is retried after two minutes rather than after the two-hour
    /// start-to-close. It completes even if a cancel arrives: the job has succeeded and been paid
    /// for, and its results must not be lost.
    /// </summary>
    public static ActivityOptions RetrieveResults => new()
    {
        StartToCloseTimeout = TimeSpan.FromHours(2),
        HeartbeatTimeout = TimeSpan.FromMinutes(2),
        RetryPolicy = Retry(TimeSpan.FromMinutes(5)),
        CancellationToken = CancellationToken.None,
    };

    private static ActivityOptions Uncancellable(ActivityOptions options)
    {
        options.CancellationToken = CancellationToken.None;
        return options;
    }
}
