using System.Text.Json;
using System.Text.Json.Serialization;

namespace FineTuneWorkflows.Wire;

/// <summary>The <c>method</c> object: supervised, dpo or reinforcement, each with its own settings.</summary>
public sealed record FineTuningMethod
{
    [JsonPropertyName("type")]
    public required string Type { get; init; }

    [JsonPropertyName("supervised")]
    public MethodSettings? Supervised { get; init; }

    [JsonPropertyName("dpo")]
    public MethodSettings? Dpo { get; init; }

    /// <summary>Reinforcement settings carry graders whose shape evolves; we pass them through untouched.</summary>
    [JsonPropertyName("reinforcement")]
    public JsonElement? Reinforcement { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
