using FineTuneWorkflows.Activities.Provider;
using FineTuneWorkflows.Wire;
using Temporalio.Activities;

namespace FineTuneWorkflows.Activities;

public sealed partial class FineTuningActivities
{
    private const int EventPageSize = 100;
    private const int MaxEventPages = 20;

    /// <summary>
    /// The job's events newer than a cursor, oldest first. Providers list newest first and page
    /// backwards, so we read back until we meet the cursor, then hand out the oldest new ones:
    /// nothing is skipped when more arrived than one call returns. The reading back stops after
    /// 2,000 events; should more than that arrive between two calls, the oldest are not seen.
    /// </summary>
    [Activity("ListEvents")]
    public Task<ListEventsOutput> ListEventsAsync(ListEventsInput input) => ActivityFailures.TranslateAsync(async () =>
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.MaxEvents is < 1 or > 1000)
        {
            throw new InvalidRequestException("max_events", "must be 1 to 1000");
        }

        var newestFirst = new List<JobEvent>();
        string? after = null;
        for (var page = 0; page < MaxEventPages; page++)
        {
            var events = await client.ListEventsAsync(input.JobId, after, EventPageSize, Cancellation);
            var cursorAt = input.SinceEventId is null ? -1 : events.Data.FindIndex(e => e.Id == input.SinceEventId);
            newestFirst.AddRange(cursorAt < 0 ? events.Data : events.Data[..cursorAt]);
            if (cursorAt >= 0 || !events.HasMore || events.Data.Count == 0)
            {
                break;
            }

            after = events.Data[^1].Id;
        }

        newestFirst.Reverse();
        var batch = newestFirst.Take(input.MaxEvents).ToList();
        return new ListEventsOutput(batch, batch.Count > 0 ? batch[^1].Id : input.SinceEventId, newestFirst.Count > batch.Count);
    });
}
