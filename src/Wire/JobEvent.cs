using System.Text.Json;
using System.Text.Json.Serialization;

namespace FineTuneWorkflows.Wire;

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
