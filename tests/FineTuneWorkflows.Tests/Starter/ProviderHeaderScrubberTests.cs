using FineTuneWorkflows.Starter.Auth;
using Microsoft.AspNetCore.Http;

namespace FineTuneWorkflows.Tests.Starter;

/// <summary>Provider keys never pass through the starter: their headers are dropped on arrival, whatever their case.</summary>
public class ProviderHeaderScrubberTests
{
    [Theory]
    [InlineData("x-portkey-api-key")]
    [InlineData("X-Portkey-Virtual-Key")]
    [InlineData("x-portkey-config")]
    [InlineData("api-key")]
    [InlineData("API-KEY")]
    [InlineData("x-api-key")]
    [InlineData("openai-organization")]
    [InlineData("OpenAI-Project")]
    public void IsProviderHeader_ProviderHeaderNames_AreRecognised(string name) =>
        Assert.True(ProviderHeaderScrubber.IsProviderHeader(name));

    [Theory]
    [InlineData("authorization")]
    [InlineData("content-type")]
    [InlineData("idempotency-key")]
    [InlineData("x-portkey")]
    [InlineData("api-keys")]
    [InlineData("x-request-id")]
    public void IsProviderHeader_OtherNames_AreNot(string name) =>
        Assert.False(ProviderHeaderScrubber.IsProviderHeader(name));

    [Fact]
    public async Task NullArguments_AreRefused()
    {
        Assert.Throws<ArgumentNullException>(() => ProviderHeaderScrubber.IsProviderHeader(null!));
        await Assert.ThrowsAsync<ArgumentNullException>(() => new ProviderHeaderScrubber(_ => Task.CompletedTask).InvokeAsync(null!));
    }

    [Fact]
    public async Task Invoke_RequestWithProviderHeaders_PassesItOnWithoutThem()
    {
        var context = new DefaultHttpContext();
        context.Request.Headers["x-portkey-api-key"] = "pk-secret";
        context.Request.Headers["api-key"] = "az-secret";
        context.Request.Headers["OpenAI-Organization"] = "org-1";
        context.Request.Headers.Authorization = "Bearer starter-key";
        context.Request.Headers["Idempotency-Key"] = "k-1";
        IHeaderDictionary? seen = null;

        await new ProviderHeaderScrubber(next => { seen = next.Request.Headers; return Task.CompletedTask; }).InvokeAsync(context);

        Assert.NotNull(seen);
        Assert.Equal(["Authorization", "Idempotency-Key"], seen.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("Bearer starter-key", seen.Authorization.ToString());
    }
}
