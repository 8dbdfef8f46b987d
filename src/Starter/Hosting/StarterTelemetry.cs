using FineTuneWorkflows.Workflows.Telemetry;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace FineTuneWorkflows.Starter.Hosting;

public static class StarterTelemetry
{
    /// <summary>
    /// Traces of each request and the Temporal calls it makes (whose context the tracing
    /// interceptor hands on to the workflow): to OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is
    /// set, and to the console only when <c>Telemetry:Console</c> is true (quiet by default: a span per call on the console drowned the logs).
    /// </summary>
    public static IServiceCollection AddStarterTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var otlp = !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var console = configuration.GetValue<bool>("Telemetry:Console");
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("fine-tune-starter"))
            .WithTracing(tracing =>
            {
                tracing.AddAspNetCoreInstrumentation().AddSource(TracingInterceptor.SourceName);
                if (console)
                {
                    tracing.AddConsoleExporter();
                }

                if (otlp)
                {
                    tracing.AddOtlpExporter();
                }
            });
        return services;
    }
}
