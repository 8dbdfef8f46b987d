using FineTuneWorkflows.Wire;

namespace FineTuneWorkflows.Simulator.Jobs;

/// <summary>
/// A job's life as a pure function of time: nothing runs in the background, every read
/// asks the timeline where the job is now. Each phase includes its start and excludes its end.
/// </summary>
public sealed record JobTimeline(DateTimeOffset CreatedAt, PhaseDurations Phases, JobFate Script, DateTimeOffset? CancelledAt = null, bool Estimates = true)
{
    public DateTimeOffset ValidatedAt => CreatedAt + Phases.ValidatingFiles;

    public DateTimeOffset StartedAt => ValidatedAt + Phases.Queued;

    public DateTimeOffset EndsAt => StartedAt + Phases.Running;

    /// <summary>When the job finishes on its own: succeeded at the end of running, or failed on validation.</summary>
    public DateTimeOffset ScriptedEnd => Script == JobFate.FailValidation ? ValidatedAt : EndsAt;

    /// <summary>A cancel counts only if it came before the job finished on its own.</summary>
    public DateTimeOffset? EffectiveCancel => CancelledAt is { } at && at < ScriptedEnd ? at : null;

    public JobMoment At(DateTimeOffset now)
    {
        if (EffectiveCancel is { } cancelled && now >= cancelled)
        {
            return new(JobStatus.Cancelled, null, null);
        }

        if (now >= ScriptedEnd)
        {
            return new(Script == JobFate.FailValidation ? JobStatus.Failed : JobStatus.Succeeded, ScriptedEnd, null);
        }

        if (now < ValidatedAt)
        {
            return new(JobStatus.ValidatingFiles, null, null);
        }

        return now < StartedAt
            ? new(JobStatus.Queued, null, null)
            : new(JobStatus.Running, null, Estimates ? EndsAt : null);
    }

    /// <summary>Cancelling is possible until the job reaches a terminal status.</summary>
    public bool IsTerminalAt(DateTimeOffset now) => JobStatus.IsTerminal(At(now).Status);
}
