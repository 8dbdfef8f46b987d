using System.Net;
using System.Text.Json;

namespace FineTuneWorkflows.Tests.Starter;

/// <summary>Health, readiness, the OpenAPI document, and errors for routes that do not exist.</summary>
public class HostingTests(DeadTemporalStarter factory) : IClassFixture<DeadTemporalStarter>
{
    [Fact]
    public async Task Healthz_NoTemporal_IsHealthy()
    {
        var response = await factory.CreateClient().GetAsync("/healthz", StarterCalls.Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Readyz_NoTemporal_Returns503()
    {
        var response = await factory.CreateClient().GetAsync("/readyz", StarterCalls.Ct);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
    }

    [Fact]
    public async Task OpenApi_Document_ListsEveryRoute()
    {
        var response = await factory.CreateClient().GetAsync("/openapi/v1.json", StarterCalls.Ct);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(StarterCalls.Ct));
        var paths = document.RootElement.GetProperty("paths");

        Assert.Equal(
            ["/v1/fine_tuning/jobs", "/v1/fine_tuning/jobs/{id}", "/v1/fine_tuning/jobs/{id}/artifacts/{name}", "/v1/fine_tuning/jobs/{id}/cancel", "/v1/fine_tuning/jobs/{id}/events", "/v1/fine_tuning/jobs/{id}/pause", "/v1/fine_tuning/jobs/{id}/result", "/v1/fine_tuning/jobs/{id}/resume", "/v1/webhooks/{source}"],
            paths.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.True(paths.GetProperty("/v1/fine_tuning/jobs").TryGetProperty("post", out var create));
        Assert.True(create.GetProperty("responses").TryGetProperty("400", out _));
        Assert.True(paths.GetProperty("/v1/fine_tuning/jobs").TryGetProperty("get", out _));
    }

    [Fact]
    public async Task UnknownRoute_Returns404InTheEnvelope()
    {
        var error = await StarterCalls.ErrorAsync(await factory.CreateAuthorizedClient().GetAsync("/v1/nothing-here", StarterCalls.Ct), HttpStatusCode.NotFound);

        Assert.Equal("unknown_url", error.Text("code"));
    }

    [Fact]
    public async Task WrongMethod_Returns405InTheEnvelope()
    {
        var error = await StarterCalls.ErrorAsync(await factory.CreateAuthorizedClient().DeleteAsync(StarterCalls.Jobs, StarterCalls.Ct), HttpStatusCode.MethodNotAllowed);

        Assert.Equal("invalid_request_error", error.Text("type"));
    }
}
