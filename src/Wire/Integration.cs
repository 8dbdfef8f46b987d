using System.Text.Json;
using System.Text.Json.Serialization;

namespace FineTuneWorkflows.Wire;

/// <summary>An entry of <c>integrations</c>; today only Weights and Biases exists.</summary>
public sealed record Integration
{
    [JsonPropertyName("type")]
    public required string Type { get; init; }

    [JsonPropertyName("wandb")]
    public WandbIntegration? Wandb { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

public sealed record WandbIntegration
{
    [JsonPropertyName("project")]
    public required string Project { get; init; }

    [JsonPropertyName("name")]
    public string? Name { get; init; }

    [JsonPropertyName("entity")]
    public string? Entity { get; init; }

    [JsonPropertyName("tags")]
    public List<string>? Tags { get; init; }
}
