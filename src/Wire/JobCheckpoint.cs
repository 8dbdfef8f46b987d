using System.Text.Json.Serialization;

namespace FineTuneWorkflows.Wire;

/// <summary>A <c>fine_tuning.job.checkpoint</c>.</summary>
public sealed record JobCheckpoint
{
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    [JsonPropertyName("object")]
    public string? Object { get; init; }

    [JsonPropertyName("created_at")]
    public long? CreatedAt { get; init; }

    [JsonPropertyName("fine_tuned_model_checkpoint")]
    public string? FineTunedModelCheckpoint { get; init; }

    [JsonPropertyName("fine_tuning_job_id")]
    public string? FineTuningJobId { get; init; }

    [JsonPropertyName("step_number")]
    public long? StepNumber { get; init; }

    [JsonPropertyName("metrics")]
    public Dictionary<string, double?>? Metrics { get; init; }
}
