using System.Text.Json.Serialization;

namespace FineTuneWorkflows.Wire;

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
