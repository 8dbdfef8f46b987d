using System.Text.Json.Serialization;

namespace FineTuneWorkflows.Starter.Api;

/// <param name="At">Unix seconds, like every timestamp of the API.</param>
public sealed record TransitionView(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("at")] long At);
