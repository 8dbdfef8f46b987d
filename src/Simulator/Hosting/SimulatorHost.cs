using FineTuneWorkflows.Simulator.Webhooks;

namespace FineTuneWorkflows.Simulator.Hosting;

/// <summary>
/// The simulator on real Kestrel at an ephemeral loopback port, for tests and benchmarks in
/// the same process. Logs only warnings and worse.
/// </summary>
public sealed class SimulatorHost : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly CancellationTokenSource stopSending = new();
    private Task? sending;

    private SimulatorHost(WebApplication app, Uri baseUrl)
    {
        this.app = app;
        BaseUrl = baseUrl;
        State = app.Services.GetRequiredService<SimulatorState>();
    }

    /// <summary>The OpenAI-style base URL, ending in <c>/v1</c>.</summary>
    public Uri BaseUrl { get; }

    public SimulatorState State { get; }

    /// <summary>The webhook sender; it runs once <see cref="StartWebhooks"/> is called (a benchmark drives it itself).</summary>
    public WebhookSender Webhooks => app.Services.GetRequiredService<WebhookSender>();

    /// <summary>Sends webhooks from now until the host stops, to Options.Webhooks' URLs once they and a secret are set.</summary>
    public void StartWebhooks() => sending ??= Task.Run(() => Webhooks.RunAsync(stopSending.Token));

    /// <summary>The live options: changes apply to the next request.</summary>
    public SimulatorOptions Options => State.Options;

    public static async Task<SimulatorHost> StartAsync(SimulatorOptions? options = null, TimeProvider? clock = null, CancellationToken ct = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        // Added last, so it wins over any appsettings.json found next to the tests.
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
        });
        var app = SimulatorApp.Build(builder, options ?? new SimulatorOptions(), clock ?? TimeProvider.System);
        try
        {
            await app.StartAsync(ct);
            var address = app.Urls.First().TrimEnd('/');
            return new SimulatorHost(app, new Uri($"{address}/v1"));
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stopSending.CancelAsync();
        if (sending is not null)
        {
            try
            {
                await sending;
            }
            catch (OperationCanceledException)
            {
                // Stopped, as asked.
            }
        }

        stopSending.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
