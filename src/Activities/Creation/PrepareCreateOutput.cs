namespace FineTuneWorkflows.Activities.Creation;

/// <param name="Before">What the provider listed before any create was sent.</param>
public sealed record PrepareCreateOutput(JobsBefore Before);
