using System.Text.Json;
using System.Text.Json.Serialization;

namespace FineTuneWorkflows.Wire;

public sealed record MethodSettings
{
    [JsonPropertyName("hyperparameters")]
    public Hyperparameters? Hyperparameters { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
