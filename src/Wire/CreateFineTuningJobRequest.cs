using System.Text.Json;
using System.Text.Json.Serialization;

namespace FineTuneWorkflows.Wire;

/// <summary>The body of <c>POST /fine_tuning/jobs</c>, field for field.</summary>
public sealed record CreateFineTuningJobRequest
{
    [JsonPropertyName("model")]
    public required string Model { get; init; }

    [JsonPropertyName("training_file")]
    public required string TrainingFile { get; init; }

    [JsonPropertyName("validation_file")]
    public string? ValidationFile { get; init; }

    [JsonPropertyName("suffix")]
    public string? Suffix { get; init; }

    [JsonPropertyName("seed")]
    public long? Seed { get; init; }

    [JsonPropertyName("hyperparameters")]
    public Hyperparameters? Hyperparameters { get; init; }

    [JsonPropertyName("method")]
    public FineTuningMethod? Method { get; init; }

    [JsonPropertyName("integrations")]
    public List<Integration>? Integrations { get; init; }

    [JsonPropertyName("metadata")]
    public Dictionary<string, string>? Metadata { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
