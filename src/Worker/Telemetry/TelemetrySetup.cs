using FineTuneWorkflows.Activities.Provider;
using FineTuneWorkflows.Wire;
using FineTuneWorkflows.Workflows.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace FineTuneWorkflows.Worker.Telemetry;

public static class TelemetrySetup
{
    /// <summary>
    /// Traces (our Temporal spans and outgoing HTTP) and metrics (Temporal's, the provider
    /// client's, HTTP's) through OpenTelemetry: to OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is
    /// set, and to the console only when <c>Telemetry:Console</c> is true (quiet by default: a span per call on the console drowned the logs).
    /// </summary>
    public static IServiceCollection AddFineTuneTelemetry(this IServiceCollection services, IConfiguration configuration, string serviceName)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var otlp = !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var console = configuration.GetValue<bool>("Telemetry:Console");
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName))
            .WithTracing(tracing =>
            {
                tracing.AddSource(TracingInterceptor.SourceName).AddHttpClientInstrumentation();
                if (console)
                {
                    tracing.AddConsoleExporter();
                }

                if (otlp)
                {
                    tracing.AddOtlpExporter();
                }
            })
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(TemporalMeterBridge.MeterName, ProviderMetrics.MeterName).AddHttpClientInstrumentation();
                if (console)
                {
                    metrics.AddConsoleExporter();
                }

                if (otlp)
                {
                    metrics.AddOtlpExporter();
                }
            });
        return services;
    }
}
