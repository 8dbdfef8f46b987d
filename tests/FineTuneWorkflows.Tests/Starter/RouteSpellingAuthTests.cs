using FineTuneWorkflows.Tests.Support;

namespace FineTuneWorkflows.Tests.Starter;

/// <summary>
/// Routing ignores case and decodes the path, so a key check that reads the path's spelling can
/// be walked around. These requests go over a real socket, spelled exactly as written here.
/// </summary>
public class RouteSpellingAuthTests(KestrelStarter server) : IClassFixture<KestrelStarter>
{
    private const string SomeId = "ftjob-0123456789abcdef0123456789abcdef";
    private const string MissingKey = "You didn't provide an API key.";

    public static TheoryData<string, string> Spellings => new()
    {
        { "GET", "/v1/fine_tuning/jobs" },
        { "POST", "/v1/fine_tuning/jobs" },
        { "GET", "/V1/fine_tuning/jobs" },
        { "POST", "/V1/fine_tuning/jobs" },
        { "GET", "/%56%31/fine_tuning/jobs" },
        { "POST", "/%76%31/fine_tuning/jobs" },
        { "GET", "/v1/FINE_TUNING/JOBS" },
        { "POST", "/V1/Fine_Tuning/Jobs" },
        { "GET", "/v1/fine_tuning/jobs/" },
        { "POST", "/V1/fine_tuning/jobs/" },
        { "GET", "//v1/fine_tuning/jobs" },
        { "GET", "/v1//fine_tuning/jobs" },
        { "GET", $"/V1/fine_tuning/jobs/{SomeId}" },
        { "GET", $"/V1/fine_tuning/jobs/{SomeId}/events" },
        { "GET", $"/V1/fine_tuning/jobs/{SomeId}/result" },
        { "GET", $"/v1/fine_tuning/jobs/{SomeId}/ARTIFACTS/loss-curve.png" },
        { "POST", $"/V1/fine_tuning/jobs/{SomeId}/cancel" },
        { "POST", $"/v1/fine_tuning/jobs/{SomeId}/pause" },
        { "POST", $"/V1/Fine_Tuning/Jobs/{SomeId}/RESUME" },
        { "DELETE", "/V1/fine_tuning/jobs" },
        { "GET", "/v1/nothing-here" },
        { "GET", "/" },
    };

    [Theory]
    [MemberData(nameof(Spellings))]
    public async Task Request_NoKeyAnySpelling_Returns401(string method, string target)
    {
        var (status, body) = await RawHttp.SendAsync(server.Address, method, target, body: method == "POST" ? StarterCalls.SeedBody : null);

        Assert.Equal(401, status);
        Assert.StartsWith(MissingKey, RawHttp.ErrorMessage(body), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GET", "/V1/fine_tuning/jobs")]
    [InlineData("POST", "/%56%31/fine_tuning/jobs")]
    [InlineData("GET", "/v1/FINE_TUNING/JOBS")]
    public async Task Request_WrongKeyAnySpelling_Returns401InvalidApiKey(string method, string target)
    {
        var (status, body) = await RawHttp.SendAsync(server.Address, method, target, "Bearer sk-wrong-0123456789", method == "POST" ? StarterCalls.SeedBody : null);

        Assert.Equal(401, status);
        Assert.Equal("invalid_api_key", RawHttp.ErrorCode(body));
        Assert.DoesNotContain("sk-wr", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GET", "/V1/fine_tuning/jobs")]
    [InlineData("POST", "/%56%31/fine_tuning/jobs")]
    public async Task Request_RightKeyAnySpelling_ReachesTheRoute(string method, string target)
    {
        // Past auth and validation, the route's next step is Temporal, which is out of reach.
        var (status, body) = await RawHttp.SendAsync(server.Address, method, target, $"Bearer {StarterFactory.Key}", method == "POST" ? StarterCalls.SeedBody : null);

        Assert.Equal(503, status);
        Assert.Equal("temporal_unavailable", RawHttp.ErrorCode(body));
    }

    [Theory]
    [InlineData("/healthz", 200)]
    [InlineData("/HEALTHZ", 200)]
    [InlineData("/readyz", 503)]
    [InlineData("/openapi/v1.json", 200)]
    public async Task Get_AnonymousEndpointWithoutKey_IsServed(string target, int expected)
    {
        var (status, _) = await RawHttp.SendAsync(server.Address, "GET", target);

        Assert.Equal(expected, status);
    }
}
