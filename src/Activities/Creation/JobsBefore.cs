using FineTuneWorkflows.Activities.Provider;

namespace FineTuneWorkflows.Activities.Creation;

/// <summary>
/// What the provider listed just before a workflow's first create request, kept in history (it is
/// an activity result), so no job in it can ever be taken for the one the workflow made: another
/// client's identical job created a moment before ours is ruled out whatever it echoes.
/// </summary>
/// <param name="Ids">The newest jobs then: all of those created in the newest second, since a list orders jobs of one second as it likes.</param>
/// <param name="NewestCreatedAt">The newest creation time then (Unix seconds); null when the provider listed no job with one.</param>
public sealed record JobsBefore(IReadOnlyList<string> Ids, long? NewestCreatedAt)
{
    /// <summary>From the first page of the provider's list, newest first.</summary>
    public static JobsBefore From(IReadOnlyList<FineTuningJob> newestFirst)
    {
        ArgumentNullException.ThrowIfNull(newestFirst);
        var newest = newestFirst.Max(j => j.CreatedAt);
        var ids = newest is null
            ? newestFirst.Select(j => j.Id)
            : newestFirst.Where(j => j.CreatedAt is null || j.CreatedAt >= newest).Select(j => j.Id);
        return new JobsBefore([.. ids], newest);
    }

    /// <summary>
    /// Whether <paramref name="job"/> existed when this was taken: listed then, or created before
    /// the newest job then (a provider's clock does not run backwards).
    /// </summary>
    public bool Existed(FineTuningJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return Ids.Contains(job.Id) || (NewestCreatedAt is { } newest && job.CreatedAt is { } created && created < newest);
    }
}
