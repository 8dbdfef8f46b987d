using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using FineTuneWorkflows.Dev;

namespace FineTuneWorkflows.Tests.Dev;

/// <summary>Dev mode with no Temporal server to be had: one line within seconds, with the ways out.</summary>
public sealed class DevModeTests : IDisposable
{
    private readonly string data = Path.Combine(Path.GetTempPath(), $"ftw-dev-test-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(data))
        {
            Directory.Delete(data, recursive: true);
        }
    }

    private async Task<(int Code, string Error, TimeSpan Took)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        var clock = Stopwatch.StartNew();
        var code = await DevMode.RunAsync([$"--Dev:DataFolder={data}", .. args], output, error, timeout.Token);
        return (code, error.ToString(), clock.Elapsed);
    }

    [Fact]
    public async Task Run_TemporalCliMissing_SaysSoInOneLineWithTheThreeWaysOut()
    {
        var (code, error, _) = await RunAsync($"--Dev:TemporalCliPath={Path.Combine(data, "no-such-temporal")}");

        Assert.Equal(DevMode.CannotStart, code);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.Contains("`temporal` is on PATH", error, StringComparison.Ordinal);
        Assert.Contains("TEMPORAL_CLI_PATH", error, StringComparison.Ordinal);
        Assert.Contains("TEMPORAL_ADDRESS", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_TemporalAddressWithNothingThere_SaysWhereItLooked()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var (code, error, _) = await RunAsync($"--Temporal:Address=127.0.0.1:{port}");

        Assert.Equal(DevMode.CannotStart, code);
        Assert.Contains($"cannot reach Temporal at 127.0.0.1:{port}", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_AnUnreadableTemporalSetting_IsNamedInOneLine()
    {
        // Read before Temporal is looked for: this was an unhandled exception.
        var (code, error, _) = await RunAsync("--Temporal:MaxConcurrentActivities=many");

        Assert.Equal(DevMode.CannotStart, code);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.StartsWith("FineTuneWorkflows dev: configuration: ", error, StringComparison.Ordinal);
        Assert.Contains("Temporal:MaxConcurrentActivities", error, StringComparison.Ordinal);
    }
}
