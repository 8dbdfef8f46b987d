using FineTuneWorkflows.Starter.Hosting;
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
        TemporalClientConnectOptions connect;
        try
        {
            connect = options.Value.ConnectOptions();
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            // A profile that is not in temporal.toml, a certificate that cannot be read: settings to fix, said at startup.
            throw new StarterStartupException(
                $"Temporal: the client cannot be configured ({e.Message}); check Temporal:Profile and the Temporal:Tls* settings, or TEMPORAL_* and temporal.toml", e);
        }

        connect.LoggerFactory = loggerFactory;
        // Starts carry the request's trace context into the workflow and its activities.
        connect.Interceptors = [new TracingInterceptor()];
        return TemporalClient.CreateLazy(connect);
    }
}
