using FineTuneWorkflows.Wire;

namespace FineTuneWorkflows.Simulator.Jobs;

/// <summary>
/// A job's life as a pure function of time: nothing runs in the background, every read
/// asks the timeline where the job is now. Each phase includes its start and excludes its end.
/// A pause stops the running clock: what was due later in training comes later by as long.
/// </summary>
public sealed record JobTimeline(DateTimeOffset CreatedAt, PhaseDurations Phases, JobFate Script, DateTimeOffset? CancelledAt = null, bool Estimates = true)
{
    /// <summary>The pauses, oldest first; only the last may be open.</summary>
    public IReadOnlyList<PauseSpan> Pauses { get; init; } = [];

    public DateTimeOffset ValidatedAt => CreatedAt + Phases.ValidatingFiles;

    public DateTimeOffset StartedAt => ValidatedAt + Phases.Queued;

    /// <summary>The end of training; <see cref="DateTimeOffset.MaxValue"/> while a pause is open.</summary>
    public DateTimeOffset EndsAt => WhenRunFor(Phases.Running) ?? DateTimeOffset.MaxValue;

    /// <summary>When the job finishes on its own: succeeded at the end of running, or failed on validation.</summary>
    public DateTimeOffset ScriptedEnd => Script == JobFate.FailValidation ? ValidatedAt : EndsAt;

    /// <summary>A cancel counts only if it came before the job finished on its own.</summary>
    public DateTimeOffset? EffectiveCancel => CancelledAt is { } at && at < ScriptedEnd ? at : null;

    /// <summary>The instant the job will have trained for <paramref name="runFor"/>, the pauses before it added; null if an open pause comes first.</summary>
    public DateTimeOffset? WhenRunFor(TimeSpan runFor)
    {
        var at = StartedAt + runFor;
        foreach (var pause in Pauses)
        {
            if (pause.PausedAt < at)
            {
                if (pause.ResumedAt is not { } resumed)
                {
                    return null;
                }

                at += resumed - pause.PausedAt;
            }
        }

        return at;
    }

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

        if (now < StartedAt)
        {
            return new(JobStatus.Queued, null, null);
        }

        if (Pauses.FirstOrDefault(p => p.PausedAt <= now && (p.ResumedAt is not { } resumed || now < resumed)) is { } pause)
        {
            return new(now < pause.PausedAt + Phases.Pausing ? JobStatus.Pausing : JobStatus.Paused, null, null);
        }

        return new(JobStatus.Running, null, Estimates ? EndsAt : null);
    }

    /// <summary>Cancelling is possible until the job reaches a terminal status.</summary>
    public bool IsTerminalAt(DateTimeOffset now) => JobStatus.IsTerminal(At(now).Status);
}
