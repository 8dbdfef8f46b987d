using System.Text.Json;
using System.Text.Json.Serialization;

namespace FineTuneWorkflows.Activities.Provider;

/// <summary>A page of a provider list endpoint (<c>{"object":"list","data":[...],"has_more":...}</c>).</summary>
public sealed record ListPage<T>
{
    [JsonPropertyName("object")]
    public string? Object { get; init; }

    [JsonPropertyName("data")]
    public List<T> Data { get; init; } = [];

    [JsonPropertyName("has_more")]
    public bool HasMore { get; init; }
}

/// <summary>A <c>fine_tuning.job.event</c>.</summary>
public sealed record JobEvent
{
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    [JsonPropertyName("object")]
    public string? Object { get; init; }

    [JsonPropertyName("created_at")]
    public long? CreatedAt { get; init; }

    [JsonPropertyName("level")]
    public string? Level { get; init; }

    [JsonPropertyName("message")]
    public string? Message { get; init; }

    [JsonPropertyName("type")]
    public string? Type { get; init; }

    [JsonPropertyName("data")]
    public JsonElement? Data { get; init; }
}

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

/// <summary>A <c>file</c> object of the Files API.</summary>
public sealed record ProviderFile
{
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    [JsonPropertyName("object")]
    public string? Object { get; init; }

    [JsonPropertyName("bytes")]
    public long? Bytes { get; init; }

    [JsonPropertyName("created_at")]
    public long? CreatedAt { get; init; }

    [JsonPropertyName("filename")]
    public string? Filename { get; init; }

    [JsonPropertyName("purpose")]
    public string? Purpose { get; init; }

    [JsonPropertyName("status")]
    public string? Status { get; init; }
}

/// <summary>The OpenAI error envelope, <c>{"error":{"message","type","param","code"}}</c>.</summary>
public sealed record ErrorEnvelope([property: JsonPropertyName("error")] ErrorBody? Error);

public sealed record ErrorBody
{
    [JsonPropertyName("message")]
    public string? Message { get; init; }

    [JsonPropertyName("type")]
    public string? Type { get; init; }

    [JsonPropertyName("param")]
    public string? Param { get; init; }

    /// <summary>A string for OpenAI; some gateways send a number, which we keep as text.</summary>
    [JsonPropertyName("code")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? Code { get; init; }
}
