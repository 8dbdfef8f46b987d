using System.Text.Json.Serialization;

namespace FineTuneWorkflows.Wire;

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
