using System.Text.Json;
using System.Text.Json.Serialization;

namespace FineTuneWorkflows.Wire;

/// <summary>Top-level (deprecated but still accepted) and per-method hyperparameters.</summary>
public sealed record Hyperparameters
{
    [JsonPropertyName("n_epochs")]
    public NumberOrAuto? NEpochs { get; init; }

    [JsonPropertyName("batch_size")]
    public NumberOrAuto? BatchSize { get; init; }

    [JsonPropertyName("learning_rate_multiplier")]
    public NumberOrAuto? LearningRateMultiplier { get; init; }

    /// <summary>DPO only.</summary>
    [JsonPropertyName("beta")]
    public NumberOrAuto? Beta { get; init; }

    /// <summary>Fields a provider adds later survive a round trip.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
