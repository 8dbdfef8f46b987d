using System.Text.Json;
using FineTuneWorkflows.Starter.Api;
using FineTuneWorkflows.Starter.Temporal;
using FineTuneWorkflows.Wire;
using FineTuneWorkflows.Workflows;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Temporalio.Client;

namespace FineTuneWorkflows.Starter.Webhooks;

/// <summary>
/// <c>POST /v1/webhooks/{source}</c>: a provider's signed event about a fine-tuning job. Outside
/// API-key auth (providers send no key) but nothing is read before the signature holds. A valid
/// fine-tuning event is handed to Temporal (a <c>DeliverWebhook</c> workflow named after the
/// delivery, so a repeat starts nothing) and answered 200 at once; when Temporal cannot take it,
/// 503, so the provider sends it again later.
/// </summary>
public static class WebhookReceiver
{
    public const string Route = "/v1/webhooks/{source}";

    /// <summary>The events that wake a fine-tune; any other type is acknowledged and left alone.</summary>
    public const string FineTuningEventPrefix = "fine_tuning.job.";

    public static IEndpointRouteBuilder MapWebhooks(this IEndpointRouteBuilder routes)
    {
        routes.MapPost(Route, ReceiveAsync)
            .AllowAnonymous()
            .WithName("ReceiveWebhook")
            .WithSummary("Receives a provider's signed webhook (Standard Webhooks) about a fine-tuning job");
        return routes;
    }

    private static async Task<IResult> ReceiveAsync(
        string source, HttpRequest request, IOptions<WebhookOptions> options, FineTuneJobs jobs, TimeProvider clock, ITemporalClient client, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (settings.Find(source) is not { Secrets.Count: > 0 } configured)
        {
            return ApiErrors.Envelope(StatusCodes.Status404NotFound, $"No webhook source named '{source}' is configured.", ApiErrors.InvalidRequest, "source", "unknown_webhook_source");
        }

        if (request.ContentLength > settings.MaxBodyBytes
            || await RequestBody.ReadBoundedAsync(request.Body, settings.MaxBodyBytes, cancellationToken) is not { } body)
        {
            return ApiErrors.TooLarge(settings.MaxBodyBytes);
        }

        var headers = request.Headers;
        var id = headers[WebhookSignature.IdHeader].ToString();
        // Signatures sent on several header lines are one space-separated list, as on one line.
        var signatures = string.Join(' ', headers[WebhookSignature.SignatureHeader].Where(v => v is not null));
        var check = WebhookSignature.Verify(
            [.. configured.Secrets.Select(WebhookSignature.KeyOf)], id, headers[WebhookSignature.TimestampHeader], signatures, body, clock.GetUtcNow(), settings.Tolerance);
        var log = loggers.CreateLogger(typeof(WebhookReceiver));
        if (check != WebhookCheck.Valid)
        {
            log.LogWarning("Refused a webhook for source {Source}: {Check}", source, check);
            return Refusal(check, settings.Tolerance);
        }

        var (type, read) = Read(body, id);
        if (type is not null && !type.StartsWith(FineTuningEventPrefix, StringComparison.Ordinal))
        {
            return TypedResults.Ok(new WebhookAnswer(Received: true, $"'{type}' is not a fine-tuning event: nothing to do"));
        }

        if (read is not { } webhook)
        {
            return ApiErrors.BadRequest(null, "The event is not a JSON object with string 'type' and 'data.id'.", "invalid_event");
        }

        try
        {
            var started = await jobs.DeliverAsync(DeliveryId(source, id), webhook, cancellationToken);
            log.LogInformation("Webhook {EventId} ({Type}) for job {JobId}: {Outcome}", id, webhook.Type, webhook.JobId, started ? "handed to Temporal" : "already received");
            return TypedResults.Ok(new WebhookAnswer(Received: true, started ? "handed to the job's workflow" : "already received"));
        }
        catch (Exception e) when (TemporalAvailability.IsUnavailable(e, client))
        {
            // Not recorded anywhere: a 5xx makes the provider send it again (OpenAI retries for 72 hours).
            request.HttpContext.Response.Headers.RetryAfter = ApiErrors.TemporalRetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return ApiErrors.TemporalUnavailable(ApiErrors.CouldNot("record the event; send it again later"));
        }
    }

    /// <summary>
    /// The delivery workflow's id: one per source and <c>webhook-id</c>. Neither part can hold the
    /// ':' between them (configuration keys cannot, and an id with anything but letters, digits,
    /// '_', '-' and '.' is hashed), so two sources' events never share one.
    /// </summary>
    public static string DeliveryId(string source, string webhookId)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(webhookId);
        var safe = webhookId.Length <= 200 && webhookId.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.')
            ? webhookId
            : Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(webhookId)));
        return $"ftw-webhook:{source.ToLowerInvariant()}:{safe}";
    }

    private static JsonHttpResult<ErrorEnvelope> Refusal(WebhookCheck check, TimeSpan tolerance) => check switch
    {
        WebhookCheck.MissingHeaders => ApiErrors.BadRequest(
            null, $"A webhook needs the {WebhookSignature.IdHeader}, {WebhookSignature.TimestampHeader} and {WebhookSignature.SignatureHeader} headers.", "missing_webhook_headers"),
        WebhookCheck.BadTimestamp => ApiErrors.BadRequest(WebhookSignature.TimestampHeader, "The webhook timestamp is not Unix seconds.", "invalid_webhook_timestamp"),
        WebhookCheck.OutsideTolerance => ApiErrors.Envelope(
            StatusCodes.Status401Unauthorized, $"The webhook timestamp is more than {tolerance.TotalSeconds:0} s from now.", ApiErrors.InvalidRequest, WebhookSignature.TimestampHeader, "webhook_timestamp_out_of_range"),
        _ => ApiErrors.Envelope(
            StatusCodes.Status401Unauthorized, "No webhook signature matches a configured secret.", ApiErrors.InvalidRequest, WebhookSignature.SignatureHeader, "invalid_webhook_signature"),
    };

    /// <summary>
    /// One read of the verified body: its <c>type</c> when it is an object with a string one, and
    /// the event when it has the provider's fine-tuning shape (a string <c>data.id</c> too).
    /// </summary>
    public static (string? Type, JobWebhook? Webhook) Read(byte[] body, string webhookId)
    {
        ArgumentNullException.ThrowIfNull(body);
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("type", out var typed) || typed.ValueKind != JsonValueKind.String)
            {
                return (null, null);
            }

            var type = typed.GetString()!;
            if (!root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object
                || !data.TryGetProperty("id", out var jobId) || jobId.ValueKind != JsonValueKind.String || jobId.GetString()!.Length == 0)
            {
                return (type, null);
            }

            var created = root.TryGetProperty("created_at", out var at) && at.ValueKind == JsonValueKind.Number && at.TryGetInt64(out var seconds) ? seconds : 0;
            return (type, new JobWebhook(webhookId, type, jobId.GetString()!, created));
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }
}
