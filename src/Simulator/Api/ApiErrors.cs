using FineTuneWorkflows.Wire;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FineTuneWorkflows.Simulator.Api;

/// <summary>Error answers in the OpenAI envelope, worded like the provider's.</summary>
public static class ApiErrors
{
    public static JsonHttpResult<ErrorEnvelope> Envelope(int status, ErrorEnvelope envelope) =>
        TypedResults.Json(envelope, WireJson.Envelope.ErrorEnvelope, statusCode: status);

    public static JsonHttpResult<ErrorEnvelope> Envelope(int status, string message, string? type, string? param = null, string? code = null) =>
        Envelope(status, ErrorEnvelope.Of(message, type, param, code));

    public static JsonHttpResult<ErrorEnvelope> BadRequest(string param, string message) =>
        Envelope(StatusCodes.Status400BadRequest, message, ErrorEnvelope.InvalidRequest, param);

    public static JsonHttpResult<ErrorEnvelope> JobNotFound(string id) =>
        Envelope(StatusCodes.Status404NotFound, ErrorEnvelope.JobNotFound(id));

    public static JsonHttpResult<ErrorEnvelope> FileNotFound(string id) =>
        Envelope(StatusCodes.Status404NotFound, $"No such File object: {id}", ErrorEnvelope.InvalidRequest, "id");
}
