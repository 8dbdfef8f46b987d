using FineTuneWorkflows.Hosting;
using FineTuneWorkflows.Worker;
using FineTuneWorkflows.Workflows;
using FineTuneWorkflows.Workflows.Temporal;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.OperatorService.V1;
using Temporalio.Client;
using Temporalio.Exceptions;
using Temporalio.Testing;

namespace FineTuneWorkflows.Dev;

/// <summary>
/// The Temporal server of dev mode: the one <c>TEMPORAL_ADDRESS</c> (or <c>Temporal:Address</c>)
/// names, or else the official CLI's dev server with its Web UI, our search attributes
/// registered, and history kept in a SQLite file so a restart loses nothing.
/// </summary>
public sealed class DevTemporal : IAsyncDisposable
{
    public const string WaysOut =
        "Three ways out: install the Temporal CLI (https://docs.temporal.io/cli) so that `temporal` is on PATH; " +
        "or set TEMPORAL_CLI_PATH to its binary; or set TEMPORAL_ADDRESS to a running Temporal server.";

    private readonly WorkflowEnvironment? environment;

    private DevTemporal(ITemporalClient client, string address, Uri? webUi, WorkflowEnvironment? environment)
    {
        Client = client;
        Address = address;
        WebUi = webUi;
        this.environment = environment;
    }

    public ITemporalClient Client { get; }

    public string Address { get; }

    /// <summary>The Web UI of the dev server; null for a server we did not start.</summary>
    public Uri? WebUi { get; }

    /// <param name="settings">The Temporal section; an address there (or in TEMPORAL_ADDRESS) means "use that server".</param>
    /// <param name="cliPath">The Temporal CLI to run; null for TEMPORAL_CLI_PATH, then <c>temporal</c> on PATH, then a download.</param>
    /// <param name="dataFolder">Where the dev server keeps its SQLite history.</param>
    /// <param name="cancellationToken">Stops a start that takes too long.</param>
    public static async Task<DevTemporal> StartAsync(TemporalSettings settings, string? cliPath, string dataFolder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Address is not null || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("TEMPORAL_ADDRESS")))
        {
            var client = await WorkerSetup.ConnectAsync(settings, TimeSpan.FromSeconds(15), cancellationToken);
            await RegisterSearchAttributesAsync(client, cancellationToken);
            return new DevTemporal(client, client.Connection.Options.TargetHost!, null, null);
        }

        const int uiPort = 8233;
        var options = WorkerSetup.ClientOptions(settings);
        try
        {
            var started = await WorkflowEnvironment.StartLocalAsync(new()
            {
                Namespace = options.Namespace,
                Interceptors = options.Interceptors,
                Runtime = options.Runtime,
                UI = true,
                UIPort = uiPort,
                SearchAttributes = [.. SearchAttributes.All],
                DevServerOptions = new()
                {
                    ExistingPath = CliPath(cliPath),
                    DatabaseFilename = Path.Combine(dataFolder, "temporal.db"),
                    LogLevel = "error",
                },
            }).WaitAsync(TimeSpan.FromMinutes(2), cancellationToken);
            return new DevTemporal(started.Client, started.Client.Connection.Options.TargetHost!, new Uri($"http://localhost:{uiPort}"), started);
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or TimeoutException or System.ComponentModel.Win32Exception or HttpRequestException)
        {
            throw new StartupException($"no Temporal server could be started ({FirstLine(e.Message)}). {WaysOut}", e);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (environment is not null)
        {
            await environment.ShutdownAsync();
            await environment.DisposeAsync();
        }
    }

    private static string? CliPath(string? configured)
    {
        if ((configured ?? Environment.GetEnvironmentVariable("TEMPORAL_CLI_PATH")) is { Length: > 0 } path)
        {
            return File.Exists(path) ? path : throw new StartupException($"the Temporal CLI path is '{path}', and there is no file there. {WaysOut}");
        }

        return (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, OperatingSystem.IsWindows() ? "temporal.exe" : "temporal"))
            .FirstOrDefault(File.Exists);
    }

    /// <summary>Registers our four keyword search attributes on the client's namespace; already there is fine.</summary>
    public static async Task RegisterSearchAttributesAsync(TemporalClient client, CancellationToken cancellationToken)
    {
        var request = new AddSearchAttributesRequest { Namespace = client.Options.Namespace };
        foreach (var key in SearchAttributes.All)
        {
            request.SearchAttributes[key.Name] = IndexedValueType.Keyword;
        }

        try
        {
            await client.Connection.OperatorService.AddSearchAttributesAsync(request, new() { CancellationToken = cancellationToken });
        }
        catch (RpcException e) when (e.Code == RpcException.StatusCode.AlreadyExists)
        {
            // Registered by an earlier run: nothing to do.
        }
    }

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();
}
