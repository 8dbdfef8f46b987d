using FineTuneWorkflows.Wire;

namespace FineTuneWorkflows.Activities.Creation;

/// <summary>Everything that tells a workflow's own job from any other, for <see cref="CreateDecision"/>.</summary>
/// <param name="Key">The idempotency key.</param>
/// <param name="Sent">The request as sent (<see cref="JobIdentity.Mark"/>).</param>
/// <param name="SeedIsOurs">The user chose no seed, so the sent one is the key's.</param>
/// <param name="Before">What the provider listed before the first create; null for input from an older workflow version.</param>
/// <param name="RequestedAt">When the workflow asked; the boundary when <paramref name="Before"/> is null.</param>
/// <param name="EarlierRunSince">Set when an earlier run of the workflow (before a reset, or a retry) may have created the job: when it started, as far as this run knows.</param>
/// <param name="MetadataKept">The provider keeps the metadata we send, so a job without our key is not ours.</param>
public sealed record CreateIdentity(
    string Key, CreateFineTuningJobRequest Sent, bool SeedIsOurs, JobsBefore? Before, DateTimeOffset RequestedAt, DateTimeOffset? EarlierRunSince, bool MetadataKept = false)
{
    /// <summary>
    /// How <paramref name="job"/> relates to this workflow. A job an earlier run may have made is
    /// not ruled out by its seed alone: that run may have been the first version's, which chose no
    /// seed, so its job echoes one the provider picked. It stays a lookalike, never adopted on
    /// looks but never ignored either.
    /// </summary>
    public Evidence Judge(FineTuningJob job)
    {
        var evidence = JobIdentity.Judge(job, Sent, Key, SeedIsOurs, MetadataKept);
        return evidence == Evidence.NotOurs && SeedIsOurs && MayBeFromEarlierRun(job)
            && JobIdentity.Judge(job, Sent with { Seed = null }, Key, seedIsOurs: false, MetadataKept) == Evidence.Unknown
            ? Evidence.Unknown
            : evidence;
    }

    /// <summary>
    /// A job of ours would show it (our key kept, or the seed we chose echoed): where it does not
    /// (the user's seed through a path that drops metadata), identical fine-tunes' jobs cannot be
    /// told from ours, and only a lost answer, never a refusal, is reason to stop and ask a person.
    /// </summary>
    public bool OursShowsItself => MetadataKept || SeedIsOurs;

    /// <summary>Created since the first create attempt began, so possibly by it.</summary>
    public bool IsNew(FineTuningJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (Before is not null)
        {
            return !Before.Existed(job);
        }

        return job.CreatedAt is not { } created || DateTimeOffset.FromUnixTimeSeconds(created) >= RequestedAt - CreateDecision.ClockSkew;
    }

    /// <summary>Created since an earlier run of the workflow started, so possibly by it.</summary>
    public bool MayBeFromEarlierRun(FineTuningJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return EarlierRunSince is { } since
            && (job.CreatedAt is not { } created || DateTimeOffset.FromUnixTimeSeconds(created) >= since - CreateDecision.ClockSkew);
    }

    /// <summary>Where a newest-first listing can stop: no job created before this (Unix seconds) can be ours.</summary>
    public long? Floor
    {
        get
        {
            if (Before is { NewestCreatedAt: null })
            {
                // No time to stop at: every job the provider lists is read.
                return null;
            }

            var floor = Before is { NewestCreatedAt: { } newest }
                ? newest - (long)JobsBefore.Margin.TotalSeconds
                : (RequestedAt - CreateDecision.ClockSkew).ToUnixTimeSeconds();
            return EarlierRunSince is { } since ? Math.Min(floor, (since - CreateDecision.ClockSkew).ToUnixTimeSeconds()) : floor;
        }
    }
}
