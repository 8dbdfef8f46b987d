using System.Globalization;
using FineTuneWorkflows.Activities.Polling;
using FineTuneWorkflows.Wire;
using FineTuneWorkflows.Workflows;

namespace FineTuneWorkflows.Starter.Api;

/// <summary>
/// The job's events, made from the workflow's timeline (query <c>Timeline</c>): one
/// <c>fine_tuning.job.event</c> per status the workflow saw, newest first as the provider lists
/// them; while the job trains, with the metric events its pending check last read. Served from
/// Temporal alone, so reading events never costs a provider call.
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

    /// <summary>
    /// The training steps the pending check last read, as OpenAI's <c>metrics</c> events (newest
    /// first, as given). Ids by step: a step seen again on a later look is the same event.
    /// </summary>
    public static IReadOnlyList<JobEvent> FromSteps(string jobId, IReadOnlyList<LiveStep> steps)
    {
        ArgumentNullException.ThrowIfNull(jobId);
        ArgumentNullException.ThrowIfNull(steps);
        return [.. steps.Select(step => FromStep(jobId, step))];
    }

    private static JobEvent FromStep(string jobId, LiveStep step)
    {
        var figures = step.Figures();
        return new JobEvent
        {
            Id = string.Create(CultureInfo.InvariantCulture, $"ftevent-{jobId[JobIds.Prefix.Length..]}-step-{step.Step}"),
            Object = EventObject,
            CreatedAt = step.At,
            Level = "info",
            Message = figures.Message(),
            Type = StepFigures.EventType,
            Data = figures.ToEventData(),
        };
    }

    /// <summary>
    /// The timeline's events with the provider's metric events the pending check last read,
    /// newest first; at one second the metrics (which came later in it) go first. An event the
    /// timeline already has is not repeated.
    /// </summary>
    public static IReadOnlyList<JobEvent> Merged(IReadOnlyList<JobEvent> timeline, IReadOnlyList<JobEvent> metrics)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        ArgumentNullException.ThrowIfNull(metrics);
        var ids = timeline.Select(e => e.Id).ToHashSet(StringComparer.Ordinal);
        return [.. metrics.Where(e => ids.Add(e.Id)).Concat(timeline).OrderByDescending(e => e.CreatedAt ?? 0)];
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
