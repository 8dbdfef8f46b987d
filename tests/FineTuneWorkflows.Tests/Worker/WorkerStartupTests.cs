using System.Net;
using System.Net.Sockets;
using FineTuneWorkflows.Worker;

namespace FineTuneWorkflows.Tests.Worker;

/// <summary>A worker that cannot start says why in one line, naming the setting, and exits with 2.</summary>
public class WorkerStartupTests
{
    private const string LongQueueName = "q-1234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890";

    private static readonly string Artifacts = Path.Combine(Path.GetTempPath(), "ftw-worker-startup-tests");

    private static async Task<(int Code, string Error)> RunAsync(params string[] args)
    {
        using var error = new StringWriter();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        var code = await WorkerProgram.RunAsync([$"--Artifacts:Folder={Artifacts}", .. args], error, timeout.Token);
        return (code, error.ToString());
    }

    [Fact]
    public async Task Start_PortkeyWithoutKeys_NamesTheMissingSettings()
    {
        var (code, error) = await RunAsync("--Provider:Kind=Portkey");

        Assert.Equal(WorkerProgram.ConfigurationError, code);
        Assert.StartsWith("FineTuneWorkflows.Worker: configuration: ", error, StringComparison.Ordinal);
        Assert.Contains("Provider:VirtualKey", error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd().Split('\n'));
    }

    [Fact]
    public async Task Start_BadSettings_NeverEchoesAKey()
    {
        var (code, error) = await RunAsync("--Provider:Kind=Azure", "--Provider:ApiKey=sk-very-secret-value");

        Assert.Equal(WorkerProgram.ConfigurationError, code);
        Assert.Contains("Provider:BaseUrl", error, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-very-secret-value", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--Temporal:Address=no-port-here", "Temporal:Address")]
    [InlineData("--Temporal:MaxConcurrentActivities=0", "Temporal:MaxConcurrentActivities")]
    [InlineData("--Temporal:ActivitiesPerSecond=-1", "Temporal:ActivitiesPerSecond")]
    [InlineData("--Temporal:MaxConcurrentLongActivities=0", "Temporal:MaxConcurrentLongActivities")]
    [InlineData("--Temporal:Queues=Sideways", "Temporal:Queues")]
    [InlineData("--Temporal:TaskQueue=" + LongQueueName, "Temporal:TaskQueue must be at most 250 characters")]
    [InlineData("--Provider:BaseUrl=ftp://example", "Provider:BaseUrl")]
    public async Task Start_AWrongSetting_IsNamed(string argument, string setting)
    {
        var (code, error) = await RunAsync("--Provider:Kind=OpenAI", "--Provider:ApiKey=k", argument);

        Assert.Equal(WorkerProgram.ConfigurationError, code);
        Assert.Contains(setting, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_NoSuchTemporalProfile_NamesTemporalProfile()
    {
        // The profile is read before any connection: this was an unhandled exception and exit code 134.
        var (code, error) = await RunAsync("--Provider:Kind=OpenAI", "--Provider:ApiKey=k", "--Temporal:Profile=no-such-profile");

        Assert.Equal(2, code);
        Assert.StartsWith("FineTuneWorkflows.Worker: Temporal: the client cannot be configured", error, StringComparison.Ordinal);
        Assert.Contains("no-such-profile", error, StringComparison.Ordinal);
        Assert.Contains("Temporal:Profile", error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd().Split('\n'));
    }

    [Fact]
    public async Task Start_ArtifactFolderUnderAFile_IsNamed()
    {
        var file = Path.GetTempFileName();
        try
        {
            var (code, error) = await RunAsync("--Provider:Kind=OpenAI", "--Provider:ApiKey=k", $"--Artifacts:Folder={Path.Combine(file, "sub")}");

            Assert.Equal(WorkerProgram.ConfigurationError, code);
            Assert.Contains("Artifacts:Folder", error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Start_NoTemporalAtTheAddress_SaysWhereItLookedAndWhatToDo()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var (code, error) = await RunAsync("--Provider:Kind=OpenAI", "--Provider:ApiKey=k", $"--Temporal:Address=127.0.0.1:{port}");

        Assert.Equal(WorkerProgram.ConfigurationError, code);
        Assert.Contains($"cannot reach Temporal at 127.0.0.1:{port}", error, StringComparison.Ordinal);
        Assert.Contains("TEMPORAL_ADDRESS", error, StringComparison.Ordinal);
    }
}
