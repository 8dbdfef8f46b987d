using FineTuneWorkflows.Wire;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FineTuneWorkflows.Starter.Api;

/// <summary>
/// Every error the API gives, in the OpenAI envelope <c>{"error":{"message","type","param","code"}}</c>
/// so that OpenAI SDKs surface them as they surface the provider's own.
/// </summary>
public static class ApiErrors
{
    public const string InvalidRequest = ErrorEnvelope.InvalidRequest;
    public const string ServerError = "server_error";

    public static JsonHttpResult<ErrorEnvelope> Envelope(int status, ErrorEnvelope envelope) =>
        TypedResults.Json(envelope, WireJson.Envelope.ErrorEnvelope, statusCode: status);

    public static JsonHttpResult<ErrorEnvelope> Envelope(int status, string message, string type, string? param = null, string? code = null) =>
        Envelope(status, ErrorEnvelope.Of(message, type, param, code));

    public static JsonHttpResult<ErrorEnvelope> BadRequest(string? param, string message, string? code = null) =>
        Envelope(StatusCodes.Status400BadRequest, message, InvalidRequest, param, code);

    public static JsonHttpResult<ErrorEnvelope> JobNotFound(string id) =>
        Envelope(StatusCodes.Status404NotFound, ErrorEnvelope.JobNotFound(id));

    /// <summary>The IETF idempotency-key draft's answer to a key reused with another body.</summary>
    public static JsonHttpResult<ErrorEnvelope> IdempotencyKeyReused(string id) =>
        Envelope(
            StatusCodes.Status422UnprocessableEntity,
            $"This Idempotency-Key was already used with a different request body (job {id}). Send the same body again to get that job, or use a new key for a new job.",
            InvalidRequest,
            Idempotency.Header,
            "idempotency_key_reused");

    public static JsonHttpResult<ErrorEnvelope> TooLarge(long limit) =>
        Envelope(StatusCodes.Status413PayloadTooLarge, $"The request body is larger than {limit} bytes.", InvalidRequest, code: "request_too_large");

    /// <summary>For answers the framework gives with no body (unknown route, wrong method, wrong content type).</summary>
    public static JsonHttpResult<ErrorEnvelope> ForStatus(int status) => status switch
    {
        StatusCodes.Status404NotFound => Envelope(status, "Unknown request URL. Please check the URL and method.", InvalidRequest, code: "unknown_url"),
        StatusCodes.Status405MethodNotAllowed => Envelope(status, "This URL does not take that method.", InvalidRequest, code: "method_not_allowed"),
        StatusCodes.Status415UnsupportedMediaType => Envelope(status, "The request body must be JSON, sent with Content-Type: application/json.", InvalidRequest, code: "unsupported_media_type"),
        < 500 => Envelope(status, $"The request was refused with status {status}.", InvalidRequest),
        _ => Envelope(status, "The server had an error while processing your request.", ServerError),
    };

    /// <summary>Sent as <c>Retry-After</c> with a 503: long enough for a restarting frontend, short enough for a client's patience.</summary>
    public const int TemporalRetryAfterSeconds = 5;

    private const string TemporalOutOfReach = "Temporal unavailable: the fine-tuning service cannot reach its Temporal server";

    /// <summary>A create may have started before Temporal went away: only the same key makes its retry safe.</summary>
    public const string CreateUnavailable =
        TemporalOutOfReach + "; try again later. A create may or may not have started: retry it with the same Idempotency-Key to be sure of exactly one job.";

    /// <summary>A cancel may have been recorded before Temporal went away; a retry or a read says where it stands.</summary>
    public const string CancelUnavailable =
        TemporalOutOfReach + ", so the cancel may or may not have reached the job; try again later, or read the job to see its status.";

    /// <summary>The 503 text of a route that only reads: <paramref name="what"/> could not be done.</summary>
    public static string CouldNot(string what) => $"{TemporalOutOfReach}, so it could not {what}; try again later.";

    public static JsonHttpResult<ErrorEnvelope> TemporalUnavailable(string message) =>
        Envelope(StatusCodes.Status503ServiceUnavailable, message, ServerError, code: "temporal_unavailable");
}
