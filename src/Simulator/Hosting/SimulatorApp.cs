using FineTuneWorkflows.Hosting;
using FineTuneWorkflows.Simulator.Api;
using FineTuneWorkflows.Simulator.Clock;
using FineTuneWorkflows.Simulator.Faults;
using FineTuneWorkflows.Simulator.Files;
using FineTuneWorkflows.Simulator.Webhooks;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using OpenTelemetry.Trace;

namespace FineTuneWorkflows.Simulator.Hosting;

/// <summary>The one place the simulator's services, middleware and routes are put together.</summary>
public static class SimulatorApp
{
    public static WebApplication Build(WebApplicationBuilder builder, SimulatorOptions options, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(clock);
        builder.Services.AddSingleton<SimulatorState>();
        builder.Services.AddSingleton(sp => new WebhookSender(
            sp.GetRequiredService<SimulatorState>(), new HttpClient(), clock is AcceleratedTimeProvider ? TimeProvider.System : clock));
        builder.Services.AddHealthDefaults();
        builder.Services.AddTelemetryDefaults(builder.Configuration, "fine-tune-simulator", tracing => tracing.AddAspNetCoreInstrumentation());
        builder.Services.AddAuthentication(ApiKeyCheck.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyCheck>(ApiKeyCheck.SchemeName, null);
        // Every endpoint demands a key unless marked anonymous, and so does a URL that matches
        // none: fail closed, so without a key an unknown URL is a 401, whatever its spelling.
        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder(ApiKeyCheck.SchemeName).RequireAuthenticatedUser().Build());

        var app = builder.Build();
        app.UseMiddleware<CallCounting>();
        app.UseMiddleware<FaultInjection>();
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapHealthDefaults();
        app.MapFineTuningApi();
        app.MapFilesApi();
        app.MapSimulatorApi();
        return app;
    }

    /// <summary>Standalone: options from the <c>Simulator</c> section, and an accelerated clock when TimeScale is not 1.</summary>
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        var options = builder.Configuration.GetSection(SimulatorOptions.Section).Get<SimulatorOptions>() ?? new SimulatorOptions();
        TimeProvider clock = options.TimeScale == 1 ? TimeProvider.System : new AcceleratedTimeProvider(options.TimeScale);
        // In process (tests, benchmarks, dev mode) the host starts the sender when wanted, on its own terms.
        builder.Services.AddHostedService<WebhookSenderService>();
        return Build(builder, options, clock);
    }
}
