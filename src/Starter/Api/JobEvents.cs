using FineTuneWorkflows.Wire;
using FineTuneWorkflows.Workflows;

namespace FineTuneWorkflows.Starter.Api;

/// <summary>
/// The job's events, made from the workflow's timeline (query <c>Timeline</c>): one
/// <c>fine_tuning.job.event</c> per status the workflow saw, newest first as the provider lists
/// them. Served from Temporal alone, so reading events never costs a provider call.
/// </summary>
public static class JobEvents
{
    public const string EventObject = "fine_tuning.job.event";

    public static IReadOnlyList<JobEvent> FromTimeline(string jobId, IReadOnlyList<StatusTransition> timeline)
    {
        ArgumentNullException.ThrowIfNull(jobId);
        ArgumentNullException.ThrowIfNull(timeline);
        var events = new List<JobEvent>(timeline.Count);
        for (var i = timeline.Count - 1; i >= 0; i--)
        {
            var transition = timeline[i];
            events.Add(new JobEvent
            {
                // Ordinal in the timeline: stable, since the timeline only ever grows at the end.
                Id = $"ftevent-{jobId[JobIds.Prefix.Length..]}-{i + 1}",
                Object = EventObject,
                CreatedAt = transition.At.ToUnixTimeSeconds(),
                Level = transition.Status == JobStatus.Failed ? "error" : "info",
                Message = MessageFor(transition.Status),
                Type = "message",
            });
        }

        return events;
    }

    public static string MessageFor(string status) => status switch
    {
        JobStatus.ValidatingFiles => "Validating training file",
        JobStatus.Queued => "Fine-tuning job queued",
        JobStatus.Running => "Fine-tuning job started",
        JobStatus.Succeeded => "The job has successfully completed",
        JobStatus.Failed => "The job has failed",
        JobStatus.Cancelled => "The job was cancelled",
        _ => $"Job status: {status}",
    };
}
