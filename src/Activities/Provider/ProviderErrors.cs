using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using FineTuneWorkflows.Wire;

namespace FineTuneWorkflows.Activities.Provider;

/// <summary>The one place that decides what a failed provider call means.</summary>
public static class ProviderErrors
{
    private const int SnippetLength = 200;

    /// <summary>OpenAI's code for a create refused by the daily per-model cap.</summary>
    public const string DailyLimitCode = "daily_rate_limit_exceeded";

    /// <summary>Classifies a non-success response by status code and the provider's error code.</summary>
    public static ProviderException FromResponse(HttpStatusCode status, HttpResponseHeaders headers, ReadOnlySpan<byte> body, string operation, string credentialSettings)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var code = (int)status;
        var error = TryReadError(body);
        var retryAfter = RetryAfter(headers);
        var said = error?.Message is { Length: > 0 } message ? $": {message}" : string.Empty;

        return code switch
        {
            401 or 403 => new ProviderException(
                ProviderErrorTypes.AuthenticationFailed,
                // The provider's own message may quote part of the key, so it is left out.
                $"{operation} was refused with {code} {status}: check {credentialSettings}",
                retryable: false, code, error is null ? null : error with { Message = null }),
            429 when error?.Code is "insufficient_quota" => new ProviderException(
                ProviderErrorTypes.QuotaExceeded, $"{operation} failed: the provider account is out of quota{said}", retryable: false, code, error),
            429 when error?.Code is DailyLimitCode => new ProviderException(
                ProviderErrorTypes.DailyCreateLimit, $"{operation} was refused: the provider's daily limit of creates is reached{said}", retryable: true, code, error, retryAfter),
            429 when IsActiveJobLimit(error?.Message) => new ProviderException(
                ProviderErrorTypes.ActiveJobLimit, $"{operation} was refused: the provider's limit of active jobs is reached{said}", retryable: true, code, error, retryAfter),
            429 => new ProviderException(
                ProviderErrorTypes.RateLimited, $"{operation} was rate limited{said}", retryable: true, code, error, retryAfter),
            404 => new ProviderException(
                ProviderErrorTypes.NotFound, $"{operation} failed with 404 Not Found{said}", retryable: false, code, error),
            400 or 422 => new ProviderException(
                ProviderErrorTypes.InvalidRequest, $"{operation} was rejected with {code}{said}", retryable: false, code, error),
            408 => new ProviderException(
                ProviderErrorTypes.Timeout, $"{operation} timed out at the provider (408){said}", retryable: true, code, error, retryAfter),
            409 => new ProviderException(
                ProviderErrorTypes.Conflict, $"{operation} conflicted (409){said}", retryable: true, code, error, retryAfter),
            >= 500 => new ProviderException(
                ProviderErrorTypes.Unavailable, $"{operation} failed with {code} {status}{said}{(error is null ? Snippet(body) : string.Empty)}", retryable: true, code, error, retryAfter),
            _ => new ProviderException(
                ProviderErrorTypes.InvalidRequest, $"{operation} failed with unexpected status {code}{said}", retryable: false, code, error),
        };
    }

    /// <summary>
    /// Whether a 429's message speaks of the cap on active jobs, which OpenAI sends under the
    /// generic <c>rate_limit_exceeded</c> code ("the maximum number of active fine-tuning jobs"):
    /// it names active (or running) jobs and a limit. A plain rate limit ("Rate limit reached for
    /// requests") names neither, and waits only its Retry-After.
    /// </summary>
    public static bool IsActiveJobLimit(string? message) =>
        message is not null
        && (message.Contains("active", StringComparison.OrdinalIgnoreCase) || message.Contains("concurrent", StringComparison.OrdinalIgnoreCase))
        && message.Contains("job", StringComparison.OrdinalIgnoreCase)
        && (message.Contains("maximum", StringComparison.OrdinalIgnoreCase) || message.Contains("limit", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Whether the provider answered and did not act: a 4xx, except 408 (it may still be working on
    /// the request) and 409 (it may have acted on an earlier copy). Only such an answer to a create
    /// proves that the create made no job; a 5xx, a timeout or a cut connection proves nothing.
    /// </summary>
    public static bool IsRefusal(ProviderException e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return e.StatusCode is >= 400 and < 500 and not 408 and not 409;
    }

    /// <summary>A success status whose body we could not read: a proxy's HTML page, a cut connection.</summary>
    public static ProviderException Unreadable(string operation, int statusCode, ReadOnlySpan<byte> body, Exception inner) =>
        new(ProviderErrorTypes.UnreadableResponse,
            $"{operation} returned {statusCode} with a body that is not the expected JSON{Snippet(body)}",
            retryable: true, statusCode, inner: inner);

    public static ProviderException Transport(string operation, Exception inner) => inner switch
    {
        TimeoutException or TaskCanceledException => new ProviderException(
            ProviderErrorTypes.Timeout, $"{operation} got no answer in time", retryable: true, inner: inner),
        _ => new ProviderException(
            ProviderErrorTypes.Unavailable, $"{operation} could not reach the provider: {inner.Message}", retryable: true, inner: inner),
    };

    /// <summary><c>retry-after-ms</c> first (OpenAI's precise form), then <c>retry-after</c> in seconds or as a date.</summary>
    public static TimeSpan? RetryAfter(HttpResponseHeaders headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        if (headers.TryGetValues("retry-after-ms", out var ms)
            && double.TryParse(ms.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var millis)
            && millis >= 0)
        {
            return TimeSpan.FromMilliseconds(millis);
        }

        if (headers.RetryAfter is { } retryAfter)
        {
            if (retryAfter.Delta is { } delta)
            {
                return delta;
            }

            if (retryAfter.Date is { } date)
            {
                var wait = date - DateTimeOffset.UtcNow;
                return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
            }
        }

        return null;
    }

    private static ErrorBody? TryReadError(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(body, WireJson.Default.ErrorEnvelope)?.Error;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Snippet(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            return string.Empty;
        }

        var text = Encoding.UTF8.GetString(body[..Math.Min(body.Length, SnippetLength)]).ReplaceLineEndings(" ").Trim();
        return $" (body starts: \"{text}\")";
    }
}
