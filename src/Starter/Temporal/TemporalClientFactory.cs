using FineTuneWorkflows.Workflows.Telemetry;
using FineTuneWorkflows.Workflows.Temporal;
using Microsoft.Extensions.Options;
using Temporalio.Client;

namespace FineTuneWorkflows.Starter.Temporal;

/// <summary>
/// Builds the one <see cref="ITemporalClient"/> of the process, lazily: it connects on the first
/// call, so the API starts, and answers health, OpenAPI, auth and validation requests, with no
/// server anywhere; a failed connect is tried again on the next call.
/// </summary>
public static class TemporalClientFactory
{
    public static ITemporalClient Create(IOptions<TemporalSettings> options, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        var connect = options.Value.ConnectOptions();
        connect.LoggerFactory = loggerFactory;
        // Starts carry the request's trace context into the workflow and its activities.
        connect.Interceptors = [new TracingInterceptor()];
        return TemporalClient.CreateLazy(connect);
    }
}
