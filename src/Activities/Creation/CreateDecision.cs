using FineTuneWorkflows.Activities.Provider;

namespace FineTuneWorkflows.Activities.Creation;

/// <summary>
/// The rule a retried create follows, with no I/O: given the jobs the provider listed, adopt the
/// job that is ours by what it echoes, create when no job of ours can exist, and otherwise stop
/// without guessing. A job that only looks like ours (same model and files, nothing of ours
/// echoed) is never adopted: it may be another client's, made while our create failed with
/// nothing made; and it is never ignored either, since it may be ours, made while the answer was
/// lost. Such jobs are named for a person to decide.
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
        var ours = seen.Where(j => identity.Judge(j) == Evidence.Ours).OrderBy(j => j.CreatedAt ?? long.MaxValue).ToList();
        if (ours.Count > 0)
        {
            return new CreateVerdict.Adopt(ours[0], ours[1..]);
        }

        if (!mayHaveCreated)
        {
            return new CreateVerdict.Create();
        }

        var unknown = seen.Where(j => identity.Judge(j) == Evidence.Unknown).ToList();
        var candidates = unknown.Where(j => identity.IsNew(j) || identity.MayBeFromEarlierRun(j)).ToList();
        if (!complete)
        {
            return new CreateVerdict.Ambiguous(candidates, "the provider's list could not be read back far enough to be sure no job of ours is in it");
        }

        if (candidates.Count == 0)
        {
            return new CreateVerdict.Create();
        }

        var since = candidates.Any(j => !identity.IsNew(j)) ? "since an earlier run of this workflow started (before a reset)" : "since the first create attempt";
        return new CreateVerdict.Ambiguous(
            candidates,
            $"an earlier create may have reached the provider, and {candidates.Count} job(s) with the same model and files appeared {since}, none echoing anything only this workflow sent (metadata dropped, seed chosen by the user)");
    }
}
