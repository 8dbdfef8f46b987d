namespace FineTuneWorkflows.Activities.Pause;

/// <param name="JobId">The provider's job id.</param>
public sealed record PauseJobInput(string JobId);
