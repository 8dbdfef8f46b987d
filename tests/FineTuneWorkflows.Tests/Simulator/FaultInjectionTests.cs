using System.Diagnostics;
using System.Net;
using System.Text.Json;
using FineTuneWorkflows.Simulator;
using FineTuneWorkflows.Simulator.Faults;
using FineTuneWorkflows.Simulator.Hosting;
using FineTuneWorkflows.Wire;
using Microsoft.Extensions.Configuration;

namespace FineTuneWorkflows.Tests.Simulator;

public class FaultInjectionTests
{
    private static Action<HttpRequestMessage> Fault(string value) => r => r.Headers.Add(FaultInjection.Header, value);

    [Theory]
    [InlineData("429", "1", "1000")]
    [InlineData("429;retry-after=2", "2", "2000")]
    public async Task FaultHeader_429_RateLimitsWithRetryAfterHeaders(string fault, string seconds, string millis)
    {
        await using var sim = await SimulatorSession.StartAsync();

        using var response = await sim.SendAsync(HttpMethod.Get, "fine_tuning/jobs", configure: Fault(fault));

        var error = await SimulatorSession.ReadErrorAsync(response, 429);
        Assert.Equal("rate_limit_exceeded", error.Code);
        Assert.Equal(seconds, Assert.Single(response.Headers.GetValues("retry-after")));
        Assert.Equal(millis, Assert.Single(response.Headers.GetValues("retry-after-ms")));
    }

    [Fact]
    public async Task FaultHeader_429Quota_SaysInsufficientQuotaWithoutRetryAfter()
    {
        await using var sim = await SimulatorSession.StartAsync();

        using var response = await sim.SendAsync(HttpMethod.Get, "fine_tuning/jobs", configure: Fault("429-quota"));

        Assert.Equal("insufficient_quota", (await SimulatorSession.ReadErrorAsync(response, 429)).Code);
        Assert.False(response.Headers.Contains("retry-after"));
        Assert.False(response.Headers.Contains("retry-after-ms"));
    }

    [Fact]
    public async Task FaultHeader_500_AnswersServerErrorEnvelope()
    {
        await using var sim = await SimulatorSession.StartAsync();

        using var response = await sim.SendAsync(HttpMethod.Get, "fine_tuning/jobs", configure: Fault("500"));

        Assert.Equal("server_error", (await SimulatorSession.ReadErrorAsync(response, 500)).Type);
    }

    [Fact]
    public async Task FaultHeader_502Html_AnswersAnHtmlPage()
    {
        await using var sim = await SimulatorSession.StartAsync();

        using var response = await sim.SendAsync(HttpMethod.Get, "fine_tuning/jobs", configure: Fault("502-html"));

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<html>", await response.Content.ReadAsStringAsync(SimulatorSession.Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task FaultHeader_Garbage_Answers200WithABodyThatIsNotJson()
    {
        await using var sim = await SimulatorSession.StartAsync();

        using var response = await sim.SendAsync(HttpMethod.Get, "fine_tuning/jobs", configure: Fault("garbage"));
        var body = await response.Content.ReadAsStringAsync(SimulatorSession.Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(body).Dispose());
    }

    [Fact]
    public async Task FaultHeader_401_RefusesTheKey()
    {
        await using var sim = await SimulatorSession.StartAsync();

        using var response = await sim.SendAsync(HttpMethod.Get, "fine_tuning/jobs", configure: Fault("401"));

        Assert.Equal("invalid_api_key", (await SimulatorSession.ReadErrorAsync(response, 401)).Code);
    }

    [Fact]
    public async Task FaultHeader_Slow_DelaysThenAnswersNormally()
    {
        await using var host = await SimulatorHost.StartAsync(ct: SimulatorSession.Ct);
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{host.BaseUrl}/fine_tuning/jobs");
        request.Headers.Authorization = new("Bearer", SimulatorSession.Key);
        request.Headers.Add(FaultInjection.Header, "slow=300");
        var watch = Stopwatch.StartNew();

        using var response = await http.SendAsync(request, SimulatorSession.Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(280), $"answered after {watch.Elapsed}");
    }

    [Fact]
    public async Task FaultHeader_LoseResponse_CreatesTheJobButTheClientSeesATransportError()
    {
        await using var sim = await SimulatorSession.StartAsync();
        var body = new CreateFineTuningJobRequest { Model = "gpt-4o-mini", TrainingFile = "file-a" };

        await Assert.ThrowsAsync<HttpRequestException>(() => sim.PostJsonAsync("fine_tuning/jobs", body, Fault("lose-response")));

        Assert.Equal(1, sim.State.JobsCreated);
        Assert.Single(sim.State.Jobs);
    }

    [Fact]
    public async Task FaultHeader_Unknown_Returns400NamingTheHeader()
    {
        await using var sim = await SimulatorSession.StartAsync();

        using var response = await sim.SendAsync(HttpMethod.Get, "fine_tuning/jobs", configure: Fault("explode"));

        Assert.Equal(FaultInjection.Header, (await SimulatorSession.ReadErrorAsync(response, 400)).Param);
    }

    [Fact]
    public async Task InjectFault_TwoTimes_FailsTheNextTwoMatchingRequestsOnly()
    {
        await using var sim = await SimulatorSession.StartAsync();
        sim.State.InjectFault("POST", "/v1/fine_tuning/jobs", "500", 2);

        using var list = await sim.SendAsync(HttpMethod.Get, "fine_tuning/jobs");
        var statuses = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await sim.PostRawAsync("fine_tuning/jobs", """{"model":"m","training_file":"file-a"}""");
            statuses.Add((int)response.StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Equal([500, 500, 200], statuses);
        Assert.Equal(1, sim.State.JobsCreated);
    }

    [Fact]
    public async Task InjectFault_SeveralPlans_AreConsumedInOrder()
    {
        await using var sim = await SimulatorSession.StartAsync();
        sim.State.InjectFault("GET", "/v1/", "429", 1);
        sim.State.InjectFault("GET", "/v1/", "502-html", 1);

        var statuses = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await sim.SendAsync(HttpMethod.Get, "fine_tuning/jobs");
            statuses.Add((int)response.StatusCode);
        }

        Assert.Equal([429, 502, 200], statuses);
    }

    [Fact]
    public async Task InjectFault_UnknownFault_Throws()
    {
        await using var sim = await SimulatorSession.StartAsync();

        Assert.Throws<ArgumentException>(() => sim.State.InjectFault("GET", "/v1/", "melt", 1));
    }

    [Fact]
    public async Task FaultPlan_FromConfiguration_IsBoundAndApplied()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Simulator:Faults:0:Method"] = "GET",
            ["Simulator:Faults:0:PathPrefix"] = "/v1/fine_tuning",
            ["Simulator:Faults:0:Fault"] = "429-quota",
            ["Simulator:Faults:0:Times"] = "1",
            ["Simulator:Running"] = "00:00:03",
        }).Build();
        var options = configuration.GetSection(SimulatorOptions.Section).Get<SimulatorOptions>()!;
        await using var sim = await SimulatorSession.StartAsync(o => o.Faults = options.Faults);

        using var first = await sim.SendAsync(HttpMethod.Get, "fine_tuning/jobs");
        using var second = await sim.SendAsync(HttpMethod.Get, "fine_tuning/jobs");

        Assert.Equal(TimeSpan.FromSeconds(3), options.Running);
        Assert.Equal("insufficient_quota", (await SimulatorSession.ReadErrorAsync(first, 429)).Code);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
    }

    [Theory]
    [InlineData("429", FaultKind.RateLimit, 1000)]
    [InlineData(" 429 ; retry-after=0.5 ", FaultKind.RateLimit, 500)]
    [InlineData("SLOW=250", FaultKind.Slow, 250)]
    [InlineData("lose-response", FaultKind.LoseResponse, 0)]
    public void TryParse_KnownFault_ReadsKindAndDelay(string text, FaultKind kind, int millis)
    {
        Assert.True(SimulatedFault.TryParse(text, out var fault));
        Assert.Equal(kind, fault.Kind);
        Assert.Equal(TimeSpan.FromMilliseconds(millis), fault.Delay);
    }

    [Theory]
    [InlineData("")]
    [InlineData("404")]
    [InlineData("slow=")]
    [InlineData("slow=-5")]
    [InlineData("429;retry-after=soon")]
    [InlineData("500;retry-after=1")]
    public void TryParse_UnknownFault_Fails(string text)
    {
        Assert.False(SimulatedFault.TryParse(text, out _));
    }
}
