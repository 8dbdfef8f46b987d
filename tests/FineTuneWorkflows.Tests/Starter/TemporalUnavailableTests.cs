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
        { "GET", $"{StarterCalls.Jobs}/{SomeId}/artifacts/loss-curve.png" },
        { "POST", $"{StarterCalls.Jobs}/{SomeId}/cancel" },
        { "POST", $"{StarterCalls.Jobs}/{SomeId}/pause" },
        { "POST", $"{StarterCalls.Jobs}/{SomeId}/resume" },
    };

    public static TheoryData<string, string, string> WhatEachRouteCouldNotDo => new()
    {
        { "GET", $"{StarterCalls.Jobs}/{SomeId}", "Temporal unavailable: the fine-tuning service cannot reach its Temporal server, so it could not read the job; try again later." },
        { "GET", StarterCalls.Jobs, "Temporal unavailable: the fine-tuning service cannot reach its Temporal server, so it could not list the jobs; try again later." },
        { "GET", $"{StarterCalls.Jobs}/{SomeId}/events", "Temporal unavailable: the fine-tuning service cannot reach its Temporal server, so it could not read the job's events; try again later." },
        { "GET", $"{StarterCalls.Jobs}/{SomeId}/result", "Temporal unavailable: the fine-tuning service cannot reach its Temporal server, so it could not read the job's result; try again later." },
        { "POST", $"{StarterCalls.Jobs}/{SomeId}/cancel", "Temporal unavailable: the fine-tuning service cannot reach its Temporal server, so the cancel may or may not have reached the job; try again later, or read the job to see its status." },
        { "POST", $"{StarterCalls.Jobs}/{SomeId}/pause", "Temporal unavailable: the fine-tuning service cannot reach its Temporal server, so it could not pause the job; try again later." },
        { "POST", $"{StarterCalls.Jobs}/{SomeId}/resume", "Temporal unavailable: the fine-tuning service cannot reach its Temporal server, so it could not resume the job; try again later." },
    };

    [Fact]
    public async Task Create_ValidBodyAndNoServer_Returns503TemporalUnavailable()
    {
        var response = await http.PostJsonAsync(StarterCalls.SeedBody);

        var error = await StarterCalls.ErrorAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.Equal("server_error", error.Text("type"));
        Assert.Equal("temporal_unavailable", error.Text("code"));
        Assert.Equal(
            "Temporal unavailable: the fine-tuning service cannot reach its Temporal server; try again later. A create may or may not have started: retry it with the same Idempotency-Key to be sure of exactly one job.",
            error.Text("message"));
        Assert.Equal("5", string.Join(",", response.Headers.GetValues("Retry-After")));
    }

    [Theory]
    [MemberData(nameof(WhatEachRouteCouldNotDo))]
    public async Task Request_NoServer_503SaysWhatThisRouteCouldNotDo(string method, string path, string message)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);

        var response = await http.SendAsync(request, StarterCalls.Ct);

        var error = await StarterCalls.ErrorAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.Equal(message, error.Text("message"));
        Assert.DoesNotContain("Idempotency-Key", error.Text("message"), StringComparison.Ordinal);
        Assert.Equal("5", string.Join(",", response.Headers.GetValues("Retry-After")));
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
