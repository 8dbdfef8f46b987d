namespace FineTuneWorkflows.Activities.Creation;

/// <summary>
/// Heartbeat details of a create attempt. Heartbeats are throttled and may lag behind what the
/// attempt did, so a later attempt trusts only a <see cref="CreateStage.Refused"/> written by the
/// attempt just before it: that is the last thing an attempt does, after its own search found no
/// job of ours and its create was refused, so no job of ours existed then.
/// </summary>
/// <param name="Attempt">The attempt that wrote this.</param>
/// <param name="Stage">How far it got.</param>
public sealed record CreateProgress(int Attempt, CreateStage Stage)
{
    /// <summary>Whether an attempt reading these details may skip looking for a job made by those before it.</summary>
    public bool ProvesNoJobBefore(int attempt) => Stage == CreateStage.Refused && Attempt == attempt - 1;
}
