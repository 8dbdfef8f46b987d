namespace FineTuneWorkflows.Activities.Creation;

/// <param name="Before">What the provider listed before any create was sent.</param>
/// <param name="MetadataKept">Whether the path keeps our metadata (<see cref="Provider.ProviderOptions.MetadataKept"/>), fixed
/// here so a setting changed while the create retries cannot make it miss its own job.</param>
public sealed record PrepareCreateOutput(JobsBefore Before, bool MetadataKept = false);
