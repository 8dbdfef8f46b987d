using FineTuneWorkflows.Wire;

namespace FineTuneWorkflows.Activities.Creation;

/// <summary>
/// The rule a create follows after reading the provider's list, with no I/O: adopt the job our
/// key marks; adopt the one job our seed marks (several are ambiguous: the seed is public); create
/// when no job of ours can exist; otherwise stop without guessing. A job that only looks like
/// ours (same model and files, nothing of ours echoed) is never adopted — it may be another
/// client's, made while our create failed with nothing made — and never ignored either, since it
/// may be ours, made while the answer was lost: such jobs are named for a person to decide.
/// </summary>
public static class CreateDecision
{
    /// <summary>Provider and Temporal clocks differ; a job this much older than an earlier run's start may still be that run's.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(2);

    /// <param name="seen">The jobs listed, newest first, down to where none can be ours.</param>
    /// <param name="complete">The listing reached that point; false when it stopped early.</param>
    /// <param name="mayHaveCreated">An earlier attempt or run may have sent a create that nobody heard answered.</param>
    public static CreateVerdict Decide(CreateIdentity identity, IReadOnlyList<FineTuningJob> seen, bool complete, bool mayHaveCreated)
    {
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(seen);

        // Oldest first; of jobs stamped in one second, the one listed last (newest first) is the older.
        var keyed = seen.Select((job, listed) => (job, listed))
            .Where(j => identity.Judge(j.job) == Evidence.Ours)
            .OrderBy(j => j.job.CreatedAt ?? long.MaxValue).ThenByDescending(j => j.listed)
            .Select(j => j.job).ToList();
        if (keyed.Count > 0)
        {
            return new CreateVerdict.Adopt(keyed[0], keyed[1..]);
        }

        var seeded = seen.Where(j => identity.Judge(j) == Evidence.SeedMatch).ToList();
        switch (seeded.Count)
        {
            case 1:
                return new CreateVerdict.Adopt(seeded[0], []);
            case > 1:
                return new CreateVerdict.Ambiguous(seeded, $"{seeded.Count} jobs echo the seed only this workflow's key produces; anyone may send that seed again, so none is taken for ours");
        }

        if (!mayHaveCreated)
        {
            return new CreateVerdict.Create();
        }

        var candidates = seen.Where(j => identity.Judge(j) == Evidence.Unknown && (identity.IsNew(j) || identity.MayBeFromEarlierRun(j))).ToList();
        if (!complete)
        {
            // Reading again would not get further (the list only grows), and a job of ours may lie
            // beyond where it stopped: a person decides, with what was seen.
            return new CreateVerdict.Ambiguous(
                candidates,
                $"an earlier create may have reached the provider, and the provider's list was read back {seen.Count} jobs without reaching the time before which no job can be ours");
        }

        if (candidates.Count == 0)
        {
            return new CreateVerdict.Create();
        }

        var since = candidates.Any(j => !identity.IsNew(j)) ? "since an earlier run of this workflow started (before a reset or a retry)" : "since the first create attempt";
        return new CreateVerdict.Ambiguous(
            candidates,
            $"an earlier create may have reached the provider, and {candidates.Count} job(s) with the same model and files appeared {since}, none echoing anything only this workflow sent (metadata dropped, seed chosen by the user)");
    }
}
