using System.Text.Json.Serialization;

namespace FineTuneWorkflows.Wire;

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
