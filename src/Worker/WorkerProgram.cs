using FineTuneWorkflows.Activities.Provider;
using FineTuneWorkflows.Hosting;
using FineTuneWorkflows.Worker.Telemetry;
using FineTuneWorkflows.Workflows.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace FineTuneWorkflows.Worker;

/// <summary>The worker process: settings, connection, host; any reason not to start is one line and exit code 2.</summary>
public static class WorkerProgram
{
    public const int ConfigurationError = WebProgram.ConfigurationError;

    public static async Task<int> RunAsync(string[] args, TextWriter error, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(error);
        var builder = Host.CreateApplicationBuilder(args);
        try
        {
            var settings = WorkerSetup.ReadSettings(builder.Configuration);
            var client = await WorkerSetup.ConnectAsync(settings, TimeSpan.FromSeconds(15), cancellationToken);
            builder.Services.AddFineTuneWorker(builder.Configuration, settings, client);
            // Our Temporal spans and the provider calls; Temporal's, the provider client's and HTTP's metrics.
            builder.Services.AddTelemetryDefaults(
                builder.Configuration,
                "fine-tune-worker",
                tracing => tracing.AddSource(TracingInterceptor.SourceName).AddHttpClientInstrumentation(),
                metrics => metrics.AddMeter(TemporalMeterBridge.MeterName, ProviderMetrics.MeterName).AddHttpClientInstrumentation());
            // Longer than the worker's own grace, so activities get all of it.
            builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = settings.GracefulShutdown + TimeSpan.FromSeconds(10));
            using var host = builder.Build();
            await host.RunAsync(cancellationToken);
            return 0;
        }
        catch (Exception e) when (StartupFailure.Reason(e) is { } reason)
        {
            await error.WriteLineAsync($"FineTuneWorkflows.Worker: {reason.ReplaceLineEndings(" ")}");
            return ConfigurationError;
        }
    }
}
