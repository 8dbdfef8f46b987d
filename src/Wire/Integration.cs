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
