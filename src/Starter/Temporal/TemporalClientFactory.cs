using FineTuneWorkflows.Workflows.Telemetry;
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
    public static ITemporalClient Create(IOptions<TemporalOptions> options, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settings = options.Value;
        return TemporalClient.CreateLazy(new TemporalClientConnectOptions(settings.Address)
        {
            Namespace = settings.Namespace,
            ApiKey = string.IsNullOrEmpty(settings.ApiKey) ? null : settings.ApiKey,
            Tls = settings.UsesTls ? Tls(settings) : null,
            LoggerFactory = loggerFactory,
            // Starts carry the request's trace context into the workflow and its activities.
            Interceptors = [new TracingInterceptor()],
        });
    }

    private static TlsOptions Tls(TemporalOptions settings) => new()
    {
        ClientCert = Read(settings.TlsClientCertPath),
        ClientPrivateKey = Read(settings.TlsClientKeyPath),
        ServerRootCACert = Read(settings.TlsServerRootCaCertPath),
        Domain = settings.TlsServerName,
    };

    private static byte[]? Read(string? path) => string.IsNullOrEmpty(path) ? null : File.ReadAllBytes(path);
}
