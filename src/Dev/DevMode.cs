using FineTuneWorkflows.Activities.Provider;
using FineTuneWorkflows.Hosting;
using FineTuneWorkflows.Simulator.Hosting;
using FineTuneWorkflows.Starter.Hosting;
using FineTuneWorkflows.Worker;
using FineTuneWorkflows.Workflows.Temporal;

namespace FineTuneWorkflows.Dev;

/// <summary>
/// The whole system on one machine, in one process tree: Temporal (the CLI's dev server with its
/// Web UI, or the server TEMPORAL_ADDRESS names), the worker, the starter API without auth,
/// and, when no provider key is configured, the provider simulator. Status changes of every job
/// are printed as they happen.
/// </summary>
public static class DevMode
{
    public const int CannotStart = 3;

    private static readonly string[] ProviderKeySettings = ["Provider:ApiKey", "Provider:VirtualKey", "Provider:ProviderApiKey"];

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var builder = WebApplication.CreateBuilder(args);
        var urls = builder.Configuration["Dev:Urls"] ?? "http://127.0.0.1:5000";
        var data = Path.GetFullPath(builder.Configuration["Dev:DataFolder"] ?? ".ftw-dev");
        Directory.CreateDirectory(data);
        try
        {
            var temporalSettings = StartupFailure.Read(() => builder.Configuration.GetSection(TemporalSettings.Section).Get<TemporalSettings>() ?? new TemporalSettings());
            await output.WriteLineAsync("[dev] starting Temporal…");
            await using var temporal = await DevTemporal.StartAsync(temporalSettings, builder.Configuration["Dev:TemporalCliPath"], data, cancellationToken);
            await using var simulator = UsesRealProvider(builder.Configuration) ? null : await SimulatorHost.StartAsync(null, null, cancellationToken);

            builder.Configuration.AddInMemoryCollection(DevSettings(temporal, simulator, data));
            // The Web UI's details of a finished job link its loss curve on this starter.
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Artifacts:PublicUrl"] = $"{LoopbackOf(urls)}/v1" });
            if (simulator is not null)
            {
                // The simulator sends its signed webhooks to this starter, as a provider project would.
                var secret = "whsec_" + Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
                builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { [$"Webhooks:Sources:{WebhookSource}:Secrets:0"] = secret });
                simulator.Options.Webhooks.Urls = [$"{LoopbackOf(urls)}/v1/webhooks/{WebhookSource}"];
                simulator.Options.Webhooks.Secret = secret;
                simulator.StartWebhooks();
            }

            var settings = WorkerSetup.ReadSettings(builder.Configuration);
            builder.WebHost.UseUrls(urls);
            builder.Services.AddFineTuneWorker(builder.Configuration, settings, temporal.Client);
            builder.Services.AddHostedService(_ => new JobWatcher(temporal.Client, output));
            await using var app = StarterApp.Build(builder);
            await app.StartAsync(cancellationToken);

            await output.WriteLineAsync($"[dev] Temporal:      {temporal.Address}");
            await output.WriteLineAsync($"[dev] Web UI:        {temporal.WebUi?.ToString() ?? "(the Web UI of the server at " + temporal.Address + ")"}");
            await output.WriteLineAsync($"[dev] Starter API:   {urls}/v1/fine_tuning/jobs   (OpenAPI: {urls}/openapi/v1.json)");
            await output.WriteLineAsync(simulator is null
                ? $"[dev] Provider:      {builder.Configuration["Provider:Kind"]} (configured)"
                : $"[dev] Provider:      simulator at {simulator.BaseUrl} (no provider key configured)");
            await output.WriteLineAsync($"[dev] Artifacts:     {Path.Combine(data, "artifacts")}");
            if (simulator is not null)
            {
                await output.WriteLineAsync($"[dev] Webhooks:      simulator → {simulator.Options.Webhooks.Urls[0]} (signed; jobs end within seconds of the event, polling is the safety net)");
            }

            await output.WriteLineAsync($"[dev] try: curl -s {urls}/v1/fine_tuning/jobs -H 'Content-Type: application/json' -d '{{\"training_file\":\"file-BK7bzQj3FfZFXr7DbL6xJwfo\",\"model\":\"gpt-3.5-turbo\"}}'");
            await app.WaitForShutdownAsync(cancellationToken);
            return 0;
        }
        catch (Exception e) when (StartupFailure.Reason(e) is { } reason)
        {
            await error.WriteLineAsync($"FineTuneWorkflows dev: {reason.ReplaceLineEndings(" ")}");
            return CannotStart;
        }
    }

    /// <summary>The route name the simulator's webhooks come in under.</summary>
    public const string WebhookSource = "simulator";

    /// <summary>The first of the starter's URLs, as a client on this machine reaches it (a wildcard host is loopback).</summary>
    public static string LoopbackOf(string urls)
    {
        ArgumentNullException.ThrowIfNull(urls);
        var first = new Uri(urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[0].Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal));
        var host = first.Host is "0.0.0.0" or "[::]" or "::" ? "127.0.0.1" : first.Host;
        return $"{first.Scheme}://{host}:{first.Port}";
    }

    /// <summary>A provider key in the configuration means the user wants the real thing.</summary>
    private static bool UsesRealProvider(ConfigurationManager configuration) =>
        ProviderKeySettings.Any(key => !string.IsNullOrWhiteSpace(configuration[key]));

    private static Dictionary<string, string?> DevSettings(DevTemporal temporal, SimulatorHost? simulator, string data)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Temporal:Address"] = temporal.Address,
            ["Starter:RequireAuth"] = "false",
            ["Artifacts:Folder"] = Path.Combine(data, "artifacts"),
            // Job status lines are what a dev-mode user watches; spans would drown them.
            ["Telemetry:Console"] = "false",
            ["Logging:LogLevel:Default"] = "Information",
            ["Logging:LogLevel:Microsoft"] = "Warning",
            ["Logging:LogLevel:System.Net.Http"] = "Warning",
            ["Logging:LogLevel:Temporalio"] = "Warning",
        };
        if (simulator is not null)
        {
            settings["Provider:Kind"] = nameof(ProviderKind.OpenAI);
            settings["Provider:BaseUrl"] = simulator.BaseUrl.ToString();
            settings["Provider:ApiKey"] = "sk-dev-simulator";
        }

        return settings;
    }
}
