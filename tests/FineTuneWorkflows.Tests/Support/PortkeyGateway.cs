using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using FineTuneWorkflows.Simulator;
using FineTuneWorkflows.Activities.Provider;

namespace FineTuneWorkflows.Tests.Support;

/// <summary>
/// The real open-source Portkey gateway (npm @portkey-ai/gateway, pinned in tests/gateway),
/// started on a free loopback port for as long as a test class needs it.
/// </summary>
public sealed class PortkeyGateway : IAsyncLifetime
{
    private Process? process;

    public Uri BaseUrl { get; private set; } = new("http://127.0.0.1/");

    public async ValueTask InitializeAsync()
    {
        var script = Path.Combine(RepoRoot(), "tests", "gateway", "node_modules", "@portkey-ai", "gateway", "build", "start-server.js");
        if (!File.Exists(script))
        {
            throw new InvalidOperationException($"The Portkey gateway is not installed at {script}: run ./test.sh, or 'npm ci --ignore-scripts' in tests/gateway.");
        }

        var port = FreePort();
        var start = new ProcessStartInfo("node", [script, $"--port={port}", "--headless"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        BaseUrl = new Uri($"http://127.0.0.1:{port}/v1");

        var deadline = Stopwatch.StartNew();
        while (!await AcceptsAsync(port))
        {
            if (process.HasExited || deadline.Elapsed > TimeSpan.FromSeconds(30))
            {
                throw new InvalidOperationException($"The Portkey gateway did not start on port {port} (exited: {process.HasExited}).");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>The simulator behind this gateway, and our client speaking to it through the gateway as Portkey's OpenAI provider.</summary>
    public Task<ProviderRig> StartRigAsync(SimulatorOptions? simulator = null) =>
        ProviderRig.StartAsync(simulator, provider: simulatorUrl => new ProviderOptions
        {
            Kind = ProviderKind.Portkey,
            BaseUrl = BaseUrl,
            Provider = "openai",
            ProviderApiKey = ProviderRig.ApiKey,
            CustomHost = simulatorUrl,
        });

    public async ValueTask DisposeAsync()
    {
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process?.Dispose();
    }

    private static async Task<bool> AcceptsAsync(int port)
    {
        using var socket = new TcpClient();
        try
        {
            await socket.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "FineTuneWorkflows.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("FineTuneWorkflows.sln not found above " + AppContext.BaseDirectory);
    }
}
