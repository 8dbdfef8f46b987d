namespace FineTuneWorkflows.Activities.Creation;

/// <param name="Before">What the provider listed before any create was sent.</param>
/// <param name="MetadataKept">Whether the path keeps our metadata (<see cref="Provider.ProviderOptions.MetadataKept"/>), fixed
/// here so a setting changed while the create retries cannot make it miss its own job.</param>
/// <param name="Provider">Which provider the create goes to (<see cref="Provider.ProviderOptions.Describe"/>); null from workers before it was added.</param>
/// <param name="SlotLimit">This deployment's limit on active jobs of the model (<c>Provider:Limits</c>); null for none.</param>
public sealed record PrepareCreateOutput(
    JobsBefore Before,
    bool MetadataKept = false,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? Provider = null,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] int? SlotLimit = null);
