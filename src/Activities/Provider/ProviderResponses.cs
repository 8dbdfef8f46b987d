using FineTuneWorkflows.Wire;

namespace FineTuneWorkflows.Activities.Provider;

/// <summary>
/// Irons out what providers behind Portkey do differently, so nothing downstream has to know:
/// Vertex says <c>object:"finetune"</c>, gives timestamps in milliseconds and no result_files;
/// Azure and Vertex spell statuses their own way.
/// </summary>
public static class ProviderResponses
{
    // 10^11 seconds is the year 5138; anything above it is a timestamp in milliseconds.
    private const long MillisecondThreshold = 100_000_000_000;

    public static FineTuningJob Normalize(FineTuningJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return job with
        {
            Object = FineTuningJob.ObjectName,
            Status = JobStatus.Normalize(job.Status),
            CreatedAt = ToSeconds(job.CreatedAt),
            FinishedAt = ToSeconds(job.FinishedAt),
            EstimatedFinish = ToSeconds(job.EstimatedFinish),
            ResultFiles = job.ResultFiles ?? [],
        };
    }

    public static ListPage<FineTuningJob> Normalize(ListPage<FineTuningJob> page)
    {
        ArgumentNullException.ThrowIfNull(page);
        return page with { Data = page.Data.ConvertAll(Normalize) };
    }

    public static long? ToSeconds(long? timestamp) =>
        timestamp is > MillisecondThreshold ? timestamp / 1000 : timestamp;
}
