using FineTuneWorkflows.Activities.Provider;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FineTuneWorkflows.Simulator;

/// <summary>Error answers in the OpenAI envelope, worded like the provider's.</summary>
public static class ApiErrors
{
    public const string InvalidRequest = "invalid_request_error";

    public static JsonHttpResult<ErrorEnvelope> Envelope(int status, string message, string? type, string? param = null, string? code = null) =>
        TypedResults.Json(
            new ErrorEnvelope(new ErrorBody { Message = message, Type = type, Param = param, Code = code }),
            WireJson.Envelope,
            statusCode: status);

    public static JsonHttpResult<ErrorEnvelope> BadRequest(string param, string message) =>
        Envelope(StatusCodes.Status400BadRequest, message, InvalidRequest, param);

    public static JsonHttpResult<ErrorEnvelope> JobNotFound(string id) =>
        Envelope(StatusCodes.Status404NotFound, $"Could not find fine-tune: {id}", InvalidRequest, "fine_tune_id", "fine_tune_not_found");

    public static JsonHttpResult<ErrorEnvelope> FileNotFound(string id) =>
        Envelope(StatusCodes.Status404NotFound, $"No such File object: {id}", InvalidRequest, "id");
}
