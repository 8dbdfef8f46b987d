using System.Net;
using System.Net.Sockets;
using FineTuneWorkflows.Simulator.Hosting;

namespace FineTuneWorkflows.Tests.Simulator;

/// <summary>A simulator that cannot start says why in one line, naming the setting or the address, and exits with 2.</summary>
public class SimulatorStartupTests
{
    private static async Task<(int Code, string Error)> RunAsync(params string[] args)
    {
        using var error = new StringWriter();
        var code = await SimulatorProgram.RunAsync(["--Logging:LogLevel:Default=Warning", .. args], error, TestContext.Current.CancellationToken);
        return (code, error.ToString());
    }

    [Fact]
    public async Task Start_AnUnreadableSetting_IsNamed()
    {
        var (code, error) = await RunAsync("--urls", "http://127.0.0.1:0", "--Simulator:ResultRows=many");

        Assert.Equal(2, code);
        Assert.StartsWith("FineTuneWorkflows.Simulator: configuration: ", error, StringComparison.Ordinal);
        Assert.Contains("Simulator:ResultRows", error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd().Split('\n'));
    }

    [Fact]
    public async Task Start_PortTaken_SaysWhichAddress()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;

        var (code, error) = await RunAsync("--urls", $"http://127.0.0.1:{port}");

        Assert.Equal(2, code);
        Assert.Contains($"127.0.0.1:{port}", error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd().Split('\n'));
    }
}
