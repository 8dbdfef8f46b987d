namespace FineTuneWorkflows.Simulator;

/// <summary>
/// The simulator on real Kestrel at an ephemeral loopback port, for tests and benchmarks in
/// the same process. Logs only warnings and worse.
/// </summary>
public sealed class SimulatorHost : IAsyncDisposable
{
    private readonly WebApplication app;

    private SimulatorHost(WebApplication app, Uri baseUrl)
    {
        this.app = app;
        BaseUrl = baseUrl;
        State = app.Services.GetRequiredService<SimulatorState>();
    }

    /// <summary>The OpenAI-style base URL, ending in <c>/v1</c>.</summary>
    public Uri BaseUrl { get; }

    public SimulatorState State { get; }

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
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
