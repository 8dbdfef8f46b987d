using FineTuneWorkflows.Wire;
using Temporalio.Converters;

namespace FineTuneWorkflows.Activities.Polling;

/// <summary>
/// What a check saw of a job whose status had not changed: its status, the provider's estimated
/// finish (which moves while the job runs) and its newest training steps, newest first. It travels
/// as the details of the check's <see cref="PollingActivities.StatusUnchanged"/> failure (and of
/// the long wait's heartbeats), which Temporal keeps on the pending activity: the starter reads it
/// with a describe, so a live loss curve costs no history event per check and no provider call
/// per look.
/// </summary>
/// <param name="Status">The job's status as read.</param>
/// <param name="EstimatedFinish">The provider's <c>estimated_finish</c>, Unix seconds.</param>
/// <param name="Steps">Newest first; empty before the job trains or when its events could not be read.</param>
public sealed record LiveProgress(string Status, long? EstimatedFinish, IReadOnlyList<LiveStep> Steps)
{
    /// <summary>Events read per check; what fits of them is kept.</summary>
    public const int EventLimit = 100;

    /// <summary>How long the events read may take: a view, which must never push a check past its timeout.</summary>
    public static readonly TimeSpan EventsTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The most these details may weigh, as JSON. Temporal Server keeps a retrying activity's last
    /// failure whole only up to 4 KB (<c>limit.mutableStateActivityFailureSize.error</c>; it logs
    /// from 2 KB) and otherwise drops its details; the message and stack trace take about 700
    /// bytes, so 1 KB of details keeps the whole failure under 2 KB: about 20 steps.
    /// </summary>
    public const int MaxBytes = 1024;

    /// <summary>Only a job that has started training has metric events worth a call.</summary>
    public static bool HasSteps(string? status) =>
        JobStatus.Normalize(status) is JobStatus.Running or JobStatus.Pausing or JobStatus.Paused;

    /// <summary>The job as read with the steps among its newest events, as many of the newest as fit in <see cref="MaxBytes"/>.</summary>
    public static LiveProgress Of(FineTuningJob job, IEnumerable<JobEvent> newestFirst)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(newestFirst);
        LiveStep[] steps = [.. newestFirst.Select(LiveStep.From).OfType<LiveStep>()];
        var progress = new LiveProgress(job.Status ?? JobStatus.Unknown, job.EstimatedFinish, steps);
        for (var kept = steps.Length - 1; Bytes(progress) > MaxBytes && kept >= 0; kept--)
        {
            progress = progress with { Steps = steps[..kept] };
        }

        return progress;
    }

    /// <summary>What these details weigh as the default converter sends them.</summary>
    public static int Bytes(LiveProgress progress) => DataConverter.Default.PayloadConverter.ToPayload(progress).Data.Length;
}
