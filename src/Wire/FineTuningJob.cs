using System.Text.Json;
using System.Text.Json.Serialization;

namespace FineTuneWorkflows.Wire;

/// <summary>
/// The <c>fine_tuning.job</c> object. Every field but <c>id</c> may be missing or null:
/// providers behind Portkey (Vertex, Azure) fill in different subsets.
/// Timestamps are Unix seconds once the provider client has normalised them (Vertex sends milliseconds).
/// </summary>
public sealed record FineTuningJob
{
    /// <summary>The <c>object</c> of a job, as OpenAI names it (Vertex behind Portkey says <c>finetune</c>).</summary>
    public const string ObjectName = "fine_tuning.job";

    [JsonPropertyName("id")]
    public required string Id { get; init; }

    [JsonPropertyName("object")]
    public string? Object { get; init; }

    [JsonPropertyName("created_at")]
    public long? CreatedAt { get; init; }

    [JsonPropertyName("finished_at")]
    public long? FinishedAt { get; init; }

    [JsonPropertyName("estimated_finish")]
    public long? EstimatedFinish { get; init; }

    [JsonPropertyName("error")]
    public JobError? Error { get; init; }

    [JsonPropertyName("fine_tuned_model")]
    public string? FineTunedModel { get; init; }

    [JsonPropertyName("hyperparameters")]
    public Hyperparameters? Hyperparameters { get; init; }

    [JsonPropertyName("method")]
    public FineTuningMethod? Method { get; init; }

    [JsonPropertyName("model")]
    public string? Model { get; init; }

    [JsonPropertyName("organization_id")]
    public string? OrganizationId { get; init; }

    [JsonPropertyName("result_files")]
    public List<string>? ResultFiles { get; init; }

    [JsonPropertyName("seed")]
    public long? Seed { get; init; }

    [JsonPropertyName("status")]
    public string? Status { get; init; }

    [JsonPropertyName("trained_tokens")]
    public long? TrainedTokens { get; init; }

    [JsonPropertyName("training_file")]
    public string? TrainingFile { get; init; }

    [JsonPropertyName("validation_file")]
    public string? ValidationFile { get; init; }

    [JsonPropertyName("suffix")]
    public string? Suffix { get; init; }

    [JsonPropertyName("integrations")]
    public List<Integration>? Integrations { get; init; }

    [JsonPropertyName("metadata")]
    public Dictionary<string, string>? Metadata { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
