using System.Text.Json.Serialization;

namespace FineTuneWorkflows.Wire;

/// <summary>The OpenAI error envelope, <c>{"error":{"message","type","param","code"}}</c>.</summary>
public sealed record ErrorEnvelope([property: JsonPropertyName("error")] ErrorBody? Error)
{
    /// <summary>The <c>type</c> of every refusal of a request as sent.</summary>
    public const string InvalidRequest = "invalid_request_error";

    public static ErrorEnvelope Of(string message, string? type, string? param = null, string? code = null) =>
        new(new ErrorBody { Message = message, Type = type, Param = param, Code = code });

    /// <summary>OpenAI's answer for a job id it does not know, word for word: SDKs and scripts match on it.</summary>
    public static ErrorEnvelope JobNotFound(string id) =>
        Of($"Could not find fine-tune: {id}", InvalidRequest, "fine_tune_id", "fine_tune_not_found");
}
