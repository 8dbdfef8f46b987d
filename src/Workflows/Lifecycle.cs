using FineTuneWorkflows.Wire;

namespace FineTuneWorkflows.Workflows;

/// <summary>
/// The lifecycle rules of a fine-tuning job, with no Temporal in sight:
/// <c>validating_files → queued → running → succeeded | failed | cancelled</c>, where
/// pausing/paused sit beside running, a cancel may pass through cancelling, and any status we
/// do not know is one more non-final status to wait out.
/// </summary>
public static class Lifecycle
{
    /// <summary>How far along a status is; a job normally only moves to a higher stage.</summary>
    public static int Stage(string status) => status switch
    {
        JobStatus.Unknown => 0,
        JobStatus.ValidatingFiles => 1,
        JobStatus.Queued => 2,
        JobStatus.Running or JobStatus.Pausing or JobStatus.Paused => 3,
        JobStatus.Cancelling => 4,
        JobStatus.Succeeded or JobStatus.Failed or JobStatus.Cancelled => 5,
        _ => -1,
    };

    public static bool IsKnown(string status) => Stage(status) >= 0;

    /// <summary>
    /// Whether <paramref name="to"/> may follow <paramref name="from"/> in a normal life: forwards
    /// (skipping is fine: a job may go from queued straight to failed), between running and
    /// paused, and never out of a final status.
    /// </summary>
    public static bool MayFollow(string from, string to)
    {
        if (from == to)
        {
            return true;
        }

        if (JobStatus.IsTerminal(from) || !IsKnown(from) || !IsKnown(to))
        {
            return false;
        }

        return Stage(to) >= Stage(from);
    }

    public static NextStep NextFor(string status) => status switch
    {
        JobStatus.Succeeded => NextStep.RetrieveResults,
        JobStatus.Failed => NextStep.Fail,
        JobStatus.Cancelled => NextStep.EndCancelled,
        _ => NextStep.Wait,
    };

    public static Observation Observe(string known, string observed) =>
        new(NextFor(observed), observed != known, !MayFollow(known, observed));
}
