using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace FineTuneWorkflows.Hosting;

/// <summary>Traces and metrics the same way in every process.</summary>
public static class TelemetryDefaults
{
    /// <summary>Set to a collector's URL to export spans and metrics over OTLP (OpenTelemetry's own variable).</summary>
    public const string OtlpEndpoint = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>True to print spans and metrics on the console; off by default, since a span per call drowned the logs.</summary>
    public const string ConsoleSetting = "Telemetry:Console";

    /// <summary>
    /// OpenTelemetry under <paramref name="serviceName"/>, with what the process adds to trace and
    /// measure; exported over OTLP when <see cref="OtlpEndpoint"/> is set, and to the console
    /// only when <see cref="ConsoleSetting"/> is true.
    /// </summary>
    public static IOpenTelemetryBuilder AddTelemetryDefaults(
        this IServiceCollection services,
        IConfiguration configuration,
        string serviceName,
        Action<TracerProviderBuilder> tracing,
        Action<MeterProviderBuilder>? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(tracing);
        var otlp = !string.IsNullOrWhiteSpace(configuration[OtlpEndpoint]);
        var console = configuration.GetValue<bool>(ConsoleSetting);
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName))
            .WithTracing(builder =>
            {
                tracing(builder);
                if (console)
                {
                    builder.AddConsoleExporter();
                }

                if (otlp)
                {
                    builder.AddOtlpExporter();
                }
            });
        if (metrics is not null)
        {
            telemetry.WithMetrics(builder =>
            {
                metrics(builder);
                if (console)
                {
                    builder.AddConsoleExporter();
                }

                if (otlp)
                {
                    builder.AddOtlpExporter();
                }
            });
        }

        return telemetry;
    }
}
