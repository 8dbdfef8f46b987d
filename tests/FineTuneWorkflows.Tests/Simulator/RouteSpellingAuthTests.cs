using FineTuneWorkflows.Tests.Support;

namespace FineTuneWorkflows.Tests.Simulator;

/// <summary>
/// The simulator asks for a key the way OpenAI does, on every route but its own health and
/// stats, however the path is spelled. Sent over a real socket, spelled exactly as written here.
/// </summary>
public class RouteSpellingAuthTests
{
    private const string MissingKey = "You didn't provide an API key.";

    public static TheoryData<string, string> Spellings => new()
    {
        { "GET", "/v1/fine_tuning/jobs" },
        { "GET", "/V1/fine_tuning/jobs" },
        { "POST", "/V1/fine_tuning/jobs" },
        { "GET", "/%56%31/fine_tuning/jobs" },
        { "POST", "/%56%31/fine_tuning/jobs" },
        { "GET", "/v1/FINE_TUNING/JOBS" },
        { "GET", "/V1/fine_tuning/jobs/" },
        { "GET", "//v1/fine_tuning/jobs" },
        { "GET", "/v1//fine_tuning/jobs" },
        { "GET", "/V1/files/file-abc/content" },
        { "DELETE", "/V1/files/file-abc" },
        { "GET", "/V1/nothing-here" },
        { "GET", "/" },
    };

    private static Uri Root(SimulatorSession sim) => new(sim.Host.BaseUrl, "/");

    [Theory]
    [MemberData(nameof(Spellings))]
    public async Task Request_NoKeyAnySpelling_Returns401(string method, string target)
    {
        await using var sim = await SimulatorSession.StartAsync();

        var (status, body) = await RawHttp.SendAsync(Root(sim), method, target, body: method == "POST" ? """{"model":"m","training_file":"file-a"}""" : null);

        Assert.Equal(401, status);
        Assert.StartsWith(MissingKey, RawHttp.ErrorMessage(body), StringComparison.Ordinal);
        Assert.Equal(0, sim.State.JobsCreated);
    }

    [Theory]
    [InlineData("GET", "/V1/fine_tuning/jobs")]
    [InlineData("POST", "/%56%31/fine_tuning/jobs")]
    public async Task Request_WrongKeyAnySpelling_Returns401QuotingTheRedactedKey(string method, string target)
    {
        await using var sim = await SimulatorSession.StartAsync(o => o.ApiKey = "sk-the-right-key-000");

        var (status, body) = await RawHttp.SendAsync(Root(sim), method, target, $"Bearer {SimulatorSession.Key}", method == "POST" ? """{"model":"m","training_file":"file-a"}""" : null);

        Assert.Equal(401, status);
        Assert.StartsWith("Incorrect API key provided: sk-te***XY.", RawHttp.ErrorMessage(body), StringComparison.Ordinal);
        Assert.Equal(0, sim.State.JobsCreated);
    }

    [Theory]
    [InlineData("/V1/fine_tuning/jobs")]
    [InlineData("/%56%31/fine_tuning/jobs")]
    public async Task Request_RightKeyAnySpelling_IsServed(string target)
    {
        await using var sim = await SimulatorSession.StartAsync(o => o.ApiKey = SimulatorSession.Key);

        var (status, _) = await RawHttp.SendAsync(Root(sim), "GET", target, $"Bearer {SimulatorSession.Key}");

        Assert.Equal(200, status);
    }

    [Theory]
    [InlineData("/healthz")]
    [InlineData("/HEALTHZ")]
    [InlineData("/_sim/stats")]
    public async Task Get_SimulatorRouteWithoutKey_IsServed(string target)
    {
        await using var sim = await SimulatorSession.StartAsync();

        var (status, _) = await RawHttp.SendAsync(Root(sim), "GET", target);

        Assert.Equal(200, status);
    }
}
