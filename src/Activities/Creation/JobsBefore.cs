using FineTuneWorkflows.Wire;

namespace FineTuneWorkflows.Activities.Creation;

/// <summary>
/// What the provider listed just before a workflow's first create request, kept in history (it is
/// an activity result), so that no job merely looking like ours in it is ever taken for one ours
/// could be: another client's identical job created a moment before ours is ruled out.
/// </summary>
/// <param name="Ids">The newest jobs then: all those created within <see cref="Margin"/> of the newest, since a provider's hosts stamp times a little apart and a list orders close times as it likes.</param>
/// <param name="NewestCreatedAt">The newest creation time then (Unix seconds); null when the list gave none, or was not newest first.</param>
public sealed record JobsBefore(IReadOnlyList<string> Ids, long? NewestCreatedAt)
{
    /// <summary>How far apart a provider's hosts may stamp creation times; a job this much older than the newest listed one surely existed.</summary>
    public static readonly TimeSpan Margin = TimeSpan.FromMinutes(2);

    /// <summary>From the first page of the provider's list, newest first as OpenAI lists.</summary>
    public static JobsBefore From(IReadOnlyList<FineTuningJob> newestFirst)
    {
        ArgumentNullException.ThrowIfNull(newestFirst);
        var newest = newestFirst.Max(j => j.CreatedAt);
        if (newest is null || !IsNewestFirst(newestFirst))
        {
            // No order to lean on: only the ids listed can be said to have existed.
            return new JobsBefore([.. newestFirst.Select(j => j.Id)], null);
        }

        var margin = (long)Margin.TotalSeconds;
        return new JobsBefore([.. newestFirst.Where(j => j.CreatedAt is not { } c || c >= newest - margin).Select(j => j.Id)], newest);
    }

    /// <summary>Whether a page lists its jobs newest first (ties and missing times allowed).</summary>
    public static bool IsNewestFirst(IReadOnlyList<FineTuningJob> page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var times = page.Select(j => j.CreatedAt).OfType<long>().ToList();
        return times.Zip(times.Skip(1)).All(pair => pair.First >= pair.Second);
    }

    /// <summary>
    /// Whether <paramref name="job"/> existed when this was taken: listed then, or created well
    /// before the newest job then.
    /// </summary>
    public bool Existed(FineTuningJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return Ids.Contains(job.Id)
            || (NewestCreatedAt is { } newest && job.CreatedAt is { } created && created < newest - (long)Margin.TotalSeconds);
    }
}
