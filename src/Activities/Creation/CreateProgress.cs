namespace FineTuneWorkflows.Activities.Creation;

/// <summary>
/// Heartbeat details of a create attempt. Heartbeats are throttled and may lag behind what the
/// attempt did, so a later attempt trusts only a <see cref="CreateStage.Refused"/> written by the
/// attempt just before it (the last thing an attempt does, after its own search found no job of
/// ours and its create was refused: no job of ours existed then), and reads a send's time, or a
/// settling deadline, as the earliest moment a second create may go out.
/// </summary>
/// <param name="Attempt">The attempt that wrote this.</param>
/// <param name="Stage">How far it got.</param>
/// <param name="At">For <see cref="CreateStage.Sending"/>, by when the create's request had left at the latest (before the call: its
/// limit from then; after a call that failed: when it ended); for <see cref="CreateStage.Settling"/>, until when a create that went
/// out unanswered may still land.</param>
public sealed record CreateProgress(int Attempt, CreateStage Stage, DateTimeOffset? At = null)
{
    /// <summary>Whether an attempt reading these details may take it that no create of an earlier attempt can have made a job.</summary>
    public bool ProvesNoJobBefore(int attempt) => Stage == CreateStage.Refused && Attempt == attempt - 1;

    /// <summary>Until when a create an earlier attempt sent may still land, if these details say.</summary>
    public DateTimeOffset? MayLandUntil(TimeSpan settle) => Stage switch
    {
        CreateStage.Sending when At is { } sent => sent + settle,
        CreateStage.Settling => At,
        _ => null,
    };
}
