using System.Text.Json.Serialization;

namespace FineTuneWorkflows.Wire;

/// <summary>Why a job failed, as the provider says it.</summary>
public sealed record JobError(
    [property: JsonPropertyName("code")] string? Code,
    [property: JsonPropertyName("message")] string? Message,
    [property: JsonPropertyName("param")] string? Param);
