using System.Net;

namespace FineTuneWorkflows.Tests.Starter;

/// <summary>A request that passes every check but finds no Temporal server gets a clear 503, quickly.</summary>
public class TemporalUnavailableTests(DeadTemporalStarter factory) : IClassFixture<DeadTemporalStarter>
{
    private const string SomeId = "ftjob-0123456789abcdef0123456789abcdef";

    private readonly HttpClient http = factory.CreateAuthorizedClient();

    public static TheoryData<string, string> Reads => new()
    {
        { "GET", $"{StarterCalls.Jobs}/{SomeId}" },
        { "GET", StarterCalls.Jobs },
        { "GET", $"{StarterCalls.Jobs}/{SomeId}/events" },
        { "GET", $"{StarterCalls.Jobs}/{SomeId}/result" },
        { "POST", $"{StarterCalls.Jobs}/{SomeId}/cancel" },
    };

    [Fact]
    public async Task Create_ValidBodyAndNoServer_Returns503TemporalUnavailable()
    {
        var error = await StarterCalls.ErrorAsync(await http.PostJsonAsync(StarterCalls.SeedBody), HttpStatusCode.ServiceUnavailable);

        Assert.Equal("server_error", error.Text("type"));
        Assert.Equal("temporal_unavailable", error.Text("code"));
        Assert.StartsWith("Temporal unavailable", error.Text("message"), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Reads))]
    public async Task Request_WellFormedIdAndNoServer_Returns503(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);

        var error = await StarterCalls.ErrorAsync(await http.SendAsync(request, StarterCalls.Ct), HttpStatusCode.ServiceUnavailable);

        Assert.Equal("temporal_unavailable", error.Text("code"));
    }

    [Theory]
    [InlineData("ftjob-abc")]
    [InlineData("ftjob-0123456789ABCDEF0123456789ABCDEF")]
    [InlineData("wf-0123456789abcdef0123456789abcdef")]
    public async Task Retrieve_IdThatCannotBeOurs_Returns404WithoutAskingTemporal(string id)
    {
        var error = await StarterCalls.ErrorAsync(await http.GetAsync($"{StarterCalls.Jobs}/{id}", StarterCalls.Ct), HttpStatusCode.NotFound);

        Assert.Equal("fine_tune_not_found", error.Text("code"));
        Assert.Equal("fine_tune_id", error.Text("param"));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("101")]
    [InlineData("ten")]
    public async Task List_LimitOutOfRange_Returns400BeforeAskingTemporal(string limit)
    {
        var error = await StarterCalls.ErrorAsync(await http.GetAsync($"{StarterCalls.Jobs}?limit={limit}", StarterCalls.Ct), HttpStatusCode.BadRequest);

        Assert.Equal("limit", error.Text("param"));
    }
}
