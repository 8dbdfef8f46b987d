using System.Net;
using System.Net.Http.Headers;

namespace FineTuneWorkflows.Tests.Starter;

/// <summary>The starter's own keys: demanded on every endpoint but health and OpenAPI unless dev mode turns them off; provider headers never count.</summary>
public class AuthTests(DeadTemporalStarter factory) : IClassFixture<DeadTemporalStarter>
{
    [Fact]
    public async Task Create_NoKey_Returns401()
    {
        var error = await StarterCalls.ErrorAsync(await factory.CreateClient().PostJsonAsync(StarterCalls.SeedBody), HttpStatusCode.Unauthorized);

        Assert.Equal("invalid_request_error", error.Text("type"));
        Assert.StartsWith("You didn't provide an API key.", error.Text("message"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_WrongKey_Returns401WithoutEchoingIt()
    {
        var http = factory.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "sk-wrong-0123456789");

        var error = await StarterCalls.ErrorAsync(await http.PostJsonAsync(StarterCalls.SeedBody), HttpStatusCode.Unauthorized);

        Assert.Equal("invalid_api_key", error.Text("code"));
        Assert.DoesNotContain("sk-wr", error.Text("message"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_KeyNotAsBearer_Returns401()
    {
        var http = factory.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", StarterFactory.Key);

        await StarterCalls.ErrorAsync(await http.PostJsonAsync(StarterCalls.SeedBody), HttpStatusCode.Unauthorized);
    }

    /// <summary>Another scheme is no key at all: the answer says none was given (and how to give one), not that it was wrong.</summary>
    [Fact]
    public async Task Create_OtherSchemeWithALongValue_IsAnsweredAsNoKeyWithTheBearerChallenge()
    {
        var http = factory.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", "dXNlcjpwYXNzd29yZA==");

        var response = await http.PostJsonAsync(StarterCalls.SeedBody);
        var error = await StarterCalls.ErrorAsync(response, HttpStatusCode.Unauthorized);

        Assert.Equal(FineTuneWorkflows.Starter.Auth.ApiKeyAuthentication.MissingKeyMessage, error.Text("message"));
        Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
    }

    [Fact]
    public async Task Create_RightKey_PassesToValidation()
    {
        var error = await StarterCalls.ErrorAsync(await factory.CreateAuthorizedClient().PostJsonAsync("{}"), HttpStatusCode.BadRequest);

        Assert.Equal("missing_required_parameter", error.Text("code"));
    }

    [Fact]
    public async Task Create_ProviderHeadersInsteadOfKey_Returns401()
    {
        var http = factory.CreateClient();
        http.DefaultRequestHeaders.Add("x-portkey-api-key", StarterFactory.Key);
        http.DefaultRequestHeaders.Add("x-portkey-virtual-key", "vk-123");
        http.DefaultRequestHeaders.Add("api-key", StarterFactory.Key);

        await StarterCalls.ErrorAsync(await http.PostJsonAsync(StarterCalls.SeedBody), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Create_ProviderHeadersBesideTheKey_AreIgnored()
    {
        var http = factory.CreateAuthorizedClient();
        http.DefaultRequestHeaders.Add("x-portkey-api-key", "pk-secret");
        http.DefaultRequestHeaders.Add("x-portkey-provider", "openai");

        var error = await StarterCalls.ErrorAsync(await http.PostJsonAsync(StarterCalls.SeedBody), HttpStatusCode.ServiceUnavailable);

        Assert.Equal("temporal_unavailable", error.Text("code"));
    }

    [Fact]
    public async Task Create_DevModeWithoutKey_PassesToValidation()
    {
        await using var dev = new StarterFactory(new Dictionary<string, string?> { ["Starter:RequireAuth"] = "false" });

        var error = await StarterCalls.ErrorAsync(await dev.CreateClient().PostJsonAsync("""{"model":"m"}"""), HttpStatusCode.BadRequest);

        Assert.Equal("training_file", error.Text("param"));
    }

    [Fact]
    public async Task Create_DevModeWithAnyKey_PassesToValidation()
    {
        await using var dev = new StarterFactory(new Dictionary<string, string?> { ["Starter:RequireAuth"] = "false" });
        var http = dev.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "anything");

        await StarterCalls.ErrorAsync(await http.PostJsonAsync("""{"model":"m"}"""), HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("/healthz")]
    [InlineData("/openapi/v1.json")]
    public async Task Get_OutsideV1WithoutKey_IsServed(string path)
    {
        var response = await factory.CreateClient().GetAsync(path, StarterCalls.Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
