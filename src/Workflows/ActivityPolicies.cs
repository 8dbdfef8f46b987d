using FineTuneWorkflows.Activities.Provider;
using Temporalio.Common;
using Temporalio.Workflows;

namespace FineTuneWorkflows.Workflows;

/// <summary>
/// Timeouts and retries for each activity, chosen for jobs that run minutes to days. Errors no
/// retry can fix (bad request, unknown job, wrong key, no quota) fail at once; everything else
/// is retried with back-off capped at a few minutes, so an outage of the provider costs a late
/// answer, not a failed fine-tune. A Retry-After from the provider overrides the back-off.
/// </summary>
public static class ActivityPolicies
{
    private static readonly string[] NonRetryable = [.. ProviderErrorTypes.NonRetryable, InvalidRequestException.ErrorType];

    /// <summary>
    /// Once a job runs, refused credentials are retried (the activities say so too): failing the
    /// workflow would leave a paid job running with nobody watching it.
    /// </summary>
    private static readonly string[] NonRetryableOnceRunning = [.. NonRetryable.Where(type => type != ProviderErrorTypes.AuthenticationFailed)];

    private static RetryPolicy Retry(TimeSpan maxInterval, string[]? nonRetryable = null) => new()
    {
        InitialInterval = TimeSpan.FromSeconds(2),
        BackoffCoefficient = 2,
        MaximumInterval = maxInterval,
        NonRetryableErrorTypes = nonRetryable ?? NonRetryableOnceRunning,
    };

    /// <summary>
    /// A list (on a retry, a few pages of them) and one create per attempt, heartbeating after
    /// each call, so a dead worker's attempt is abandoned within two minutes rather than running
    /// on beside its retry. Never cancelled by the workflow: a cancel that cut a create short
    /// could leave a paid job nobody knows of; the workflow cancels the job after. Bounded at an
    /// hour so a cancel is never held up for long by a provider that is down.
    /// </summary>
    public static ActivityOptions Create => new()
    {
        StartToCloseTimeout = TimeSpan.FromMinutes(15),
        HeartbeatTimeout = TimeSpan.FromMinutes(2),
        ScheduleToCloseTimeout = TimeSpan.FromHours(1),
        RetryPolicy = Retry(TimeSpan.FromMinutes(1), NonRetryable),
        CancellationToken = CancellationToken.None,
    };

    /// <summary>
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
    public static ActivityOptions WaitAfterCancel
    {
        get
        {
            var options = Wait;
            options.CancellationToken = CancellationToken.None;
            return options;
        }
    }

    /// <summary>Cancel is short and must run even though the workflow is being cancelled.</summary>
    public static ActivityOptions Cancel => new()
    {
        StartToCloseTimeout = TimeSpan.FromMinutes(1),
        ScheduleToCloseTimeout = TimeSpan.FromHours(1),
        RetryPolicy = Retry(TimeSpan.FromMinutes(1)),
        CancellationToken = CancellationToken.None,
    };

    /// <summary>
    /// Streams result files to the artifact store: large files take a while, so no heartbeat
    /// deadline, a generous start-to-close, and it completes even if a cancel arrives: the job
    /// has succeeded and been paid for, and its results must not be lost.
    /// </summary>
    public static ActivityOptions RetrieveResults => new()
    {
        StartToCloseTimeout = TimeSpan.FromHours(2),
        RetryPolicy = Retry(TimeSpan.FromMinutes(5)),
        CancellationToken = CancellationToken.None,
    };
}
