using System.Net;
using System.Text.Json;

namespace FineTuneWorkflows.Tests.Starter;

/// <summary>The OpenAPI document says what the API does: who may call it, and what a create accepts.</summary>
public class OpenApiDocumentTests(DeadTemporalStarter factory) : IClassFixture<DeadTemporalStarter>
{
    private async Task<JsonDocument> DocumentAsync()
    {
        var response = await factory.CreateClient().GetAsync("/openapi/v1.json", StarterCalls.Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(StarterCalls.Ct));
    }

    [Fact]
    public async Task OpenApi_Document_DeclaresTheBearerScheme()
    {
        using var document = await DocumentAsync();

        var scheme = document.RootElement.GetProperty("components").GetProperty("securitySchemes").GetProperty("bearer");
        Assert.Equal("http", scheme.GetProperty("type").GetString());
        Assert.Equal("bearer", scheme.GetProperty("scheme").GetString());
    }

    /// <summary>Providers send no key of ours: the webhook route is the one operation without the bearer scheme (its signature is its auth).</summary>
    [Fact]
    public async Task OpenApi_WebhookRoute_AsksForNoBearer()
    {
        using var document = await DocumentAsync();

        var receive = document.RootElement.GetProperty("paths").GetProperty("/v1/webhooks/{source}").GetProperty("post");
        Assert.False(receive.TryGetProperty("security", out _));
    }

    [Fact]
    public async Task OpenApi_EveryApiOperation_RequiresTheBearerScheme()
    {
        using var document = await DocumentAsync();

        var operations = document.RootElement.GetProperty("paths").EnumerateObject()
            .Where(path => path.Name != "/v1/webhooks/{source}")
            .SelectMany(path => path.Value.EnumerateObject().Select(operation => (Name: $"{operation.Name} {path.Name}", operation.Value)))
            .ToList();
        Assert.Equal(9, operations.Count);
        foreach (var (name, operation) in operations)
        {
            Assert.True(operation.TryGetProperty("security", out var security), $"{name} has no security requirement");
            Assert.Equal("""[{"bearer":[]}]""", security.GetRawText().Replace(" ", string.Empty, StringComparison.Ordinal).Replace("\n", string.Empty, StringComparison.Ordinal));
            Assert.True(operation.GetProperty("responses").TryGetProperty("401", out _), $"{name} does not list 401");
        }
    }

    [Fact]
    public async Task OpenApi_Document_HasNoBlanketRequirement()
    {
        // Requirements sit on the operations they guard; health and the document itself are not among them.
        using var document = await DocumentAsync();

        Assert.False(document.RootElement.TryGetProperty("security", out _));
        Assert.DoesNotContain(document.RootElement.GetProperty("paths").EnumerateObject(), path => path.Name is "/healthz" or "/readyz" or "/openapi/v1.json");
    }

    [Fact]
    public async Task OpenApi_Seed_IsTheIntegerRangeTheProviderAccepts()
    {
        using var document = await DocumentAsync();

        var seed = document.RootElement.GetProperty("components").GetProperty("schemas")
            .GetProperty("CreateFineTuningJobRequest").GetProperty("properties").GetProperty("seed");
        Assert.Equal(["integer", "null"], seed.GetProperty("type").EnumerateArray().Select(t => t.GetString()).Order(StringComparer.Ordinal));
        Assert.Equal("int32", seed.GetProperty("format").GetString());
        Assert.Equal(0, seed.GetProperty("minimum").GetInt64());
        Assert.Equal(2147483647, seed.GetProperty("maximum").GetInt64());
        Assert.False(seed.TryGetProperty("pattern", out _));
    }

    [Fact]
    public async Task OpenApi_Model_HasTheLengthLimit()
    {
        using var document = await DocumentAsync();

        var model = document.RootElement.GetProperty("components").GetProperty("schemas")
            .GetProperty("CreateFineTuningJobRequest").GetProperty("properties").GetProperty("model");
        Assert.Equal(256, model.GetProperty("maxLength").GetInt32());
    }
}
