using FineTuneWorkflows.Activities.Provider;

namespace FineTuneWorkflows.Activities.Creation;

/// <summary>
/// The rule a retried create follows, with no I/O: given the jobs the provider listed, adopt the
/// one job that is ours, create when none can be, and otherwise stop without guessing.
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
        var fresh = unknown.Where(identity.IsNew).ToList();
        var earlier = unknown.Where(j => !identity.IsNew(j) && identity.MayBeFromEarlierRun(j)).ToList();
        if (!complete)
        {
            return new CreateVerdict.Ambiguous([.. fresh, .. earlier], "the provider's list could not be read back far enough to be sure no job of ours is in it");
        }

        return (fresh.Count, earlier.Count) switch
        {
            (0, 0) => new CreateVerdict.Create(),
            (1, 0) => new CreateVerdict.Adopt(fresh[0], []),
            (_, 0) => new CreateVerdict.Ambiguous(fresh, "several jobs with the same model and files were created since the first attempt, and none echoes anything only this workflow sent"),
            _ => new CreateVerdict.Ambiguous([.. fresh, .. earlier], "an earlier run of this workflow (before a reset) may have created one of these jobs, and none echoes anything only this workflow sent"),
        };
    }
}
