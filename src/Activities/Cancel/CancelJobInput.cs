namespace FineTuneWorkflows.Activities.Cancel;

/// <param name="JobId">The provider's job id.</param>
public sealed record CancelJobInput(string JobId);
