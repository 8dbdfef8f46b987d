using System.Net;
using FineTuneWorkflows.Simulator.Api;
using FineTuneWorkflows.Wire;

namespace FineTuneWorkflows.Tests.Simulator;

public class AuthTests
{
    [Fact]
    public async Task AnyV1Route_WithoutKey_Returns401AskingForAKey()
    {
        await using var sim = await SimulatorSession.StartAsync();

        using var response = await sim.SendAsync(HttpMethod.Get, "fine_tuning/jobs", configure: r => r.Headers.Authorization = null);

        var raw = await response.Content.ReadAsStringAsync(SimulatorSession.Ct);
        var error = await SimulatorSession.ReadErrorAsync(response, 401);
        Assert.Contains("\"code\":null", raw, StringComparison.Ordinal);
        Assert.Contains("\"param\":null", raw, StringComparison.Ordinal);
        Assert.StartsWith("You didn't provide an API key", error.Message, StringComparison.Ordinal);
        Assert.Equal("invalid_request_error", error.Type);
        Assert.Null(error.Code);
    }

    [Fact]
    public async Task AnyV1Route_WrongKey_Returns401QuotingFirstFiveAndLastTwoCharacters()
    {
        await using var sim = await SimulatorSession.StartAsync(o => o.ApiKey = "sk-the-right-key-000");

        using var response = await sim.SendAsync(HttpMethod.Get, "fine_tuning/jobs");

        var error = await SimulatorSession.ReadErrorAsync(response, 401);
        Assert.Equal("invalid_api_key", error.Code);
        Assert.StartsWith("Incorrect API key provided: sk-te***XY.", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(SimulatorSession.Key, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnyV1Route_ConfiguredKeyAsBearer_IsAccepted()
    {
        await using var sim = await SimulatorSession.StartAsync(o => o.ApiKey = SimulatorSession.Key);

        var page = await sim.GetAsync<ListPage<FineTuningJob>>("fine_tuning/jobs");

        Assert.Empty(page.Data);
    }

    [Fact]
    public async Task AnyV1Route_AzureStyleApiKeyHeader_IsAccepted()
    {
        await using var sim = await SimulatorSession.StartAsync(o => o.ApiKey = "azure-key-123");

        using var response = await sim.SendAsync(HttpMethod.Get, "fine_tuning/jobs", configure: r =>
        {
            r.Headers.Authorization = null;
            r.Headers.Add("api-key", "azure-key-123");
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("/healthz")]
    [InlineData("/_sim/stats")]
    public async Task SimulatorRoute_WithoutKey_IsServed(string path)
    {
        await using var sim = await SimulatorSession.StartAsync();

        using var response = await sim.SendAsync(HttpMethod.Get, path, configure: r => r.Headers.Authorization = null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("sk-abcdefghijyz", "sk-ab***yz")]
    [InlineData("short", "***")]
    public void Redact_Key_KeepsOnlyFirstFiveAndLastTwoOfLongKeys(string key, string expected)
    {
        Assert.Equal(expected, ApiKeyCheck.Redact(key));
    }
}
