using System.Text.Json;
using FineTuneWorkflows.Simulator;
using FineTuneWorkflows.Simulator.Hosting;
using FineTuneWorkflows.Tests.Support;
using FineTuneWorkflows.Wire;

namespace FineTuneWorkflows.Tests.Cli;

/// <summary><c>ftw pause</c> and <c>ftw resume</c> over real HTTP: to the simulator's routes, and refused at the real Portkey gateway.</summary>
public sealed class FtwPauseTests(PortkeyGateway gateway) : IClassFixture<PortkeyGateway>, IAsyncLifetime
{
    private readonly HttpClient http = new();
    private SimulatorHost simulator = null!;

    public async ValueTask InitializeAsync() =>
        simulator = await SimulatorHost.StartAsync(
            new SimulatorOptions { ValidatingFiles = TimeSpan.Zero, Queued = TimeSpan.Zero, Running = TimeSpan.FromHours(1), Pausing = TimeSpan.FromMilliseconds(200) },
            ct: Ftw.Ct);

    public async ValueTask DisposeAsync()
    {
        await simulator.DisposeAsync();
        http.Dispose();
    }

    [Fact]
    public async Task PauseThenResume_MovesTheJob_AndPrintsIt()
    {
        var ftw = Ftw.Against(simulator.BaseUrl, http);
        var id = await CreateAsync(ftw);

        var (paused, pausedOutput, _) = await ftw.RunAsync("pause", id);
        Assert.Equal(0, paused);
        Assert.Matches($@"{id}\s+pausing\s+", pausedOutput);

        await Task.Delay(300, Ftw.Ct);
        var (resumed, resumedOutput, _) = await ftw.RunAsync("resume", id, "--json");
        Assert.Equal(0, resumed);
        using var job = JsonDocument.Parse(resumedOutput);
        Assert.Equal(JobStatus.Running, job.RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Pause_AQueuedJob_PassesOnTheRefusal()
    {
        var ftw = Ftw.Against(simulator.BaseUrl, http);
        simulator.Options.Queued = TimeSpan.FromHours(1);
        var id = await CreateAsync(ftw);

        var (exit, _, error) = await ftw.RunAsync("pause", id);

        // The provider's no (a 4xx): exit code 1.
        Assert.Equal(1, exit);
        Assert.EndsWith($"answered 400: Job {id} is queued; only a running job can be paused.", error.Trim(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("pause")]
    [InlineData("resume")]
    public async Task PauseOrResume_AtAPortkeyGateway_IsRefusedBeforeAnyPost(string verb)
    {
        var ftw = Ftw.Against(gateway.BaseUrl, http);

        var (exit, output, error) = await ftw.RunAsync(verb, "ftjob-abc");

        Assert.Equal(2, exit);
        Assert.Empty(output);
        Assert.Equal(
            $"ftw: {gateway.BaseUrl}/ is a Portkey gateway, which treats any POST on a job id as a cancel: ftw will not send a {verb} through it. Point --base-url (FTW_BASE_URL) at the starter.",
            error.Trim());
    }

    private static async Task<string> CreateAsync(Ftw ftw)
    {
        var (exit, output, _) = await ftw.RunAsync("create", "--model", "gpt-4o-mini-2024-07-18", "--training-file", "file-abc", "--json");
        Assert.Equal(0, exit);
        using var job = JsonDocument.Parse(output);
        return job.RootElement.GetProperty("id").GetString()!;
    }
}
