using FineTuneWorkflows.Workflows;
using Temporalio.Client;
using Temporalio.Testing;

namespace FineTuneWorkflows.Tests.Replay.LiveServer;

/// <summary>
/// A real Temporal server for the live tests: the one at <c>TEMPORAL_ADDRESS</c>, or a dev server
/// started from <c>TEMPORAL_CLI_PATH</c> or <c>temporal</c> on PATH. With none, the calling test
/// is reported skipped with the reason; it never passes without a server.
/// </summary>
public sealed class LiveTemporal : IAsyncDisposable
{
    private readonly WorkflowEnvironment? environment;

    private LiveTemporal(ITemporalClient client, WorkflowEnvironment? environment)
    {
        Client = client;
        this.environment = environment;
    }

    public ITemporalClient Client { get; }

    public static async Task<LiveTemporal> StartOrSkipAsync()
    {
        if (Environment.GetEnvironmentVariable("TEMPORAL_ADDRESS") is { Length: > 0 } address)
        {
            var client = await TemporalClient.ConnectAsync(new(address)
            {
                Namespace = Environment.GetEnvironmentVariable("TEMPORAL_NAMESPACE") ?? "default",
            });
            await FineTuneWorkflows.Dev.DevTemporal.RegisterSearchAttributesAsync(client, CancellationToken.None);
            return new LiveTemporal(client, null);
        }

        var cli = Environment.GetEnvironmentVariable("TEMPORAL_CLI_PATH") is { Length: > 0 } path ? path : FindOnPath("temporal");
        if (cli is null || !File.Exists(cli))
        {
            Assert.Skip("No Temporal server: set TEMPORAL_ADDRESS to a running server, or TEMPORAL_CLI_PATH (or put `temporal` on PATH) to start a dev server.");
        }

        var started = await WorkflowEnvironment.StartLocalAsync(new()
        {
            DevServerOptions = new() { ExistingPath = cli },
            SearchAttributes = [.. SearchAttributes.All],
        });
        return new LiveTemporal(started.Client, started);
    }

    public async ValueTask DisposeAsync()
    {
        if (environment is not null)
        {
            await environment.DisposeAsync();
        }
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
}
