using FineTuneWorkflows.Activities.Creation;
using FineTuneWorkflows.Activities.Provider;
using FineTuneWorkflows.Starter.Temporal;
using FineTuneWorkflows.Wire;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FineTuneWorkflows.Starter.Api;

/// <summary>
/// What the caller is told when the workflow could not create the provider job. A request the
/// provider refused is the caller's to fix: its reason, param and code pass through as a 400.
/// An exhausted quota is a 429 as OpenAI gives it. Refused credentials are the operator's
/// business (the worker's Provider settings), so the caller hears only that, as a 502. Jobs the
/// workflow could not tell from its own are a conflict at the provider that a person must settle:
/// a 409 naming them.
/// </summary>
public static class CreateRefusals
{
    private const string CreateFailedPrefix = "The fine-tuning job could not be created: ";

    public static JsonHttpResult<ErrorEnvelope> ToError(CreateOutcome.Refused refused)
    {
        ArgumentNullException.ThrowIfNull(refused);
        var details = refused.Details;
        var message = details?.Message is { Length: > 0 } said ? said : Unprefixed(refused.Failure.Message);
        return refused.Failure.ErrorType switch
        {
            ProviderErrorTypes.QuotaExceeded => ApiErrors.Envelope(StatusCodes.Status429TooManyRequests, message, "insufficient_quota", details?.Param, details?.Code ?? "insufficient_quota"),
            ProviderErrorTypes.AuthenticationFailed => ApiErrors.Envelope(
                StatusCodes.Status502BadGateway,
                "The fine-tuning provider refused the service's credentials; the operator must fix the worker's Provider settings.",
                ApiErrors.ServerError,
                code: "provider_authentication_failed"),
            CreationActivities.AmbiguousJobError => ApiErrors.Envelope(
                StatusCodes.Status409Conflict, Unprefixed(refused.Failure.Message), ApiErrors.InvalidRequest, code: "ambiguous_provider_job"),
            _ => ApiErrors.BadRequest(details?.Param, message, details?.Code),
        };
    }

    private static string Unprefixed(string message) =>
        message.StartsWith(CreateFailedPrefix, StringComparison.Ordinal) ? message[CreateFailedPrefix.Length..] : message;
}
