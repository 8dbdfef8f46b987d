using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace FineTuneWorkflows.Tests.Starter;

/// <summary>
/// A starter that cannot start says why in one line on stderr, naming the setting, and exits
/// with 2 (as the worker does). Run as the real process: an exception that escapes Main is an
/// abort (134) with a stack trace, which only a separate process shows.
/// </summary>
public class StarterStartupTests
{
    private static readonly string Folder = Path.Combine(Path.GetTempPath(), "ftw-starter-startup-tests");

    private static async Task<(int Code, string Error)> RunAsync(params string[] args)
    {
        Directory.CreateDirectory(Folder);
        var starter = typeof(FineTuneWorkflows.Starter.Program).Assembly.Location;
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = Folder,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        foreach (var argument in (string[])[starter, "--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning", .. args])
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"the starter did not exit: {await output}");
        }

        return (process.ExitCode, await error);
    }

    private static void AssertOneLineNaming(int code, string error, string setting)
    {
        Assert.True(code == 2, $"exit code {code}: {error}");
        Assert.StartsWith("FineTuneWorkflows.Starter: ", error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.Contains(setting, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_AuthRequiredWithNoKeys_NamesStarterApiKeys()
    {
        var (code, error) = await RunAsync("--Starter:RequireAuth=true");

        AssertOneLineNaming(code, error, "Starter:ApiKeys");
    }

    [Theory]
    [InlineData("--Temporal:Address=no-port-here", "Temporal:Address")]
    [InlineData("--Temporal:TaskQueue= ", "Temporal:TaskQueue")]
    [InlineData("--Temporal:TlsClientCertPath=/no/such/cert.pem", "Temporal:TlsClientCertPath")]
    [InlineData("--Starter:MaxRequestBodyBytes=0", "Starter:MaxRequestBodyBytes")]
    [InlineData("--Starter:CreateTimeout=soon", "Starter:CreateTimeout")]
    [InlineData("--Temporal:Tls=perhaps", "Temporal:Tls")]
    public async Task Start_AWrongSetting_IsNamed(string argument, string setting)
    {
        var (code, error) = await RunAsync("--Starter:ApiKeys:0=sk-starter-key", argument);

        AssertOneLineNaming(code, error, setting);
    }

    [Fact]
    public async Task Start_NoSuchTemporalProfile_NamesTemporalProfile()
    {
        var (code, error) = await RunAsync("--Starter:ApiKeys:0=sk-starter-key", "--Temporal:Profile=no-such-profile");

        AssertOneLineNaming(code, error, "Temporal:Profile");
        Assert.Contains("no-such-profile", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_SeveralWrongSettings_NamesEveryOne()
    {
        var (code, error) = await RunAsync("--Starter:RequireAuth=true", "--Temporal:Address=no-port-here");

        Assert.Equal(
            "FineTuneWorkflows.Starter: configuration: Starter:ApiKeys must list at least one key while Starter:RequireAuth is true; Temporal:Address must be host:port, not 'no-port-here'",
            error.TrimEnd());
        Assert.Equal(2, code);
    }

    [Fact]
    public async Task Start_BadSettings_NeverEchoesAKey()
    {
        var (code, error) = await RunAsync("--Starter:ApiKeys:0=sk-starter-secret", "--Temporal:ApiKey=temporal-secret-key", "--Temporal:Address=nowhere");

        AssertOneLineNaming(code, error, "Temporal:Address");
        Assert.DoesNotContain("secret", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_PortTaken_SaysWhichAddress()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;

        var (code, error) = await RunAsync("--Starter:ApiKeys:0=sk-starter-key", "--urls", $"http://127.0.0.1:{port}");

        AssertOneLineNaming(code, error, $"127.0.0.1:{port}");
    }
}
