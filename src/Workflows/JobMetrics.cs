using Temporalio.Workflows;

namespace FineTuneWorkflows.Workflows;

/// <summary>
/// The workflow's own metrics, through Temporal's replay-safe meter (nothing is counted twice
/// when a worker replays history): jobs by final status, and time spent in each status.
/// </summary>
internal static class JobMetrics
{
    public static void StatusEnded(string status, TimeSpan duration) =>
        Workflow.MetricMeter
            .CreateHistogram<long>("ftw_job_status_duration", "ms", "Time a fine-tuning job spent in one status")
            .Record((long)duration.TotalMilliseconds, [new("status", status)]);

    public static void Finished(string status) =>
        Workflow.MetricMeter
            .CreateCounter<long>("ftw_jobs_finished", "{job}", "Fine-tuning jobs that reached a final status")
            .Add(1, [new("status", status)]);
}
