using System.Text.Json.Serialization;

namespace FineTuneWorkflows.Wire;

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
