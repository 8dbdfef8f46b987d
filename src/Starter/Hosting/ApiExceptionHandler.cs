using System.Globalization;
using FineTuneWorkflows.Starter.Api;
using FineTuneWorkflows.Starter.Temporal;
using Microsoft.AspNetCore.Diagnostics;
using Temporalio.Client;

namespace FineTuneWorkflows.Starter.Hosting;

/// <summary>
/// The last word on an exception a handler did not expect: Temporal out of reach is a 503 the
/// caller can retry (with <c>Retry-After</c>, and in the words of the route: see
/// <see cref="UnavailableMessage"/>); anything else a 500 that says nothing of our insides (the
/// log has it). Both in the OpenAI envelope.
/// </summary>
public sealed class ApiExceptionHandler(ITemporalClient client, ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        ArgumentNullException.ThrowIfNull(exception);
        if (TemporalAvailability.IsUnavailable(exception, client))
        {
            logger.LogWarning("Temporal unavailable for {Method} {Path}: {Reason}", httpContext.Request.Method, httpContext.Request.Path, exception.Message);
            // The middleware has cleared the request's endpoint by now; the feature keeps the one that threw.
            var endpoint = httpContext.Features.Get<IExceptionHandlerFeature>()?.Endpoint;
            var message = endpoint?.Metadata.GetMetadata<UnavailableMessage>()?.Message ?? ApiErrors.CouldNot("complete the request");
            httpContext.Response.Headers.RetryAfter = ApiErrors.TemporalRetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            await ApiErrors.TemporalUnavailable(message).ExecuteAsync(httpContext);
            return true;
        }

        logger.LogError(exception, "Unexpected failure for {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
        await ApiErrors.Envelope(StatusCodes.Status500InternalServerError, "The server had an error while processing your request.", ApiErrors.ServerError).ExecuteAsync(httpContext);
        return true;
    }
}
