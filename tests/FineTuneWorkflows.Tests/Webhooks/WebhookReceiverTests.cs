using System.Net;
using FineTuneWorkflows.Tests.Starter;

namespace FineTuneWorkflows.Tests.Webhooks;

/// <summary>The starter with two webhook sources and Temporal out of reach (<see cref="StarterFactory"/>).</summary>
public sealed class WebhookStarter() : StarterFactory(new Dictionary<string, string?>
{
    ["Webhooks:Sources:openai:Secrets:0"] = WebhookSignatureTests.SecretA,
    ["Webhooks:Sources:openai:Secrets:1"] = WebhookSignatureTests.SecretB,
    ["Webhooks:Sources:azure:Secrets:0"] = WebhookSignatureTests.SecretB,
    ["Webhooks:MaxBodyBytes"] = "2048",
});

/// <summary>
/// <c>POST /v1/webhooks/{source}</c> over HTTP. Temporal cannot be reached, so an answer other
/// than 503 shows the request was decided before Temporal was tried: a bad delivery never gets
/// that far, and a good one that cannot be recorded is answered so the provider sends it again.
/// </summary>
public class WebhookReceiverTests(WebhookStarter starter) : IClassFixture<WebhookStarter>
{
    private const string Path = "/v1/webhooks/openai";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<HttpResponseMessage> SendAsync(SignedDelivery delivery, string path = Path, string? signature = null) =>
        await starter.CreateClient().SendAsync(delivery.ToRequest(path, signature), Ct);

    /// <summary>Done-when: a valid event that cannot be delivered now is a 5xx (the provider retries for 72 hours), never a silent 2xx.</summary>
    [Fact]
    public async Task ValidFineTuningEvent_TemporalUnreachable_Answers503SoTheProviderRetries()
    {
        var response = await SendAsync(SignedDelivery.Sign(WebhookSignatureTests.SecretA, SignedDelivery.Event("fine_tuning.job.succeeded")));

        var error = await StarterCalls.ErrorAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.Equal("temporal_unavailable", error.Text("code"));
        Assert.Equal("server_error", error.Text("type"));
        Assert.NotNull(response.Headers.RetryAfter);
    }

    /// <summary>No API key is sent (providers have none of ours): the signature is the only way in.</summary>
    [Fact]
    public async Task SignedWithTheRotatedSecret_NoApiKey_GetsAsFarAsTemporal()
    {
        var response = await SendAsync(SignedDelivery.Sign(WebhookSignatureTests.SecretB, SignedDelivery.Event("fine_tuning.job.failed")));

        await StarterCalls.ErrorAsync(response, HttpStatusCode.ServiceUnavailable);
    }

    [Theory]
    [InlineData("/v1/webhooks/OpenAI")]
    [InlineData("/v1/webhooks/OPENAI")]
    public async Task SourceInAnotherCase_IsTheSameSource(string path)
    {
        var response = await SendAsync(SignedDelivery.Sign(WebhookSignatureTests.SecretA, SignedDelivery.Event("fine_tuning.job.cancelled")), path);

        await StarterCalls.ErrorAsync(response, HttpStatusCode.ServiceUnavailable);
    }

    /// <summary>Each source has its own secrets: azure's is not openai's.</summary>
    [Fact]
    public async Task SignedWithAnotherSourcesSecret_Is401()
    {
        var response = await SendAsync(SignedDelivery.Sign(WebhookSignatureTests.SecretA, SignedDelivery.Event("fine_tuning.job.succeeded")), "/v1/webhooks/azure");

        var error = await StarterCalls.ErrorAsync(response, HttpStatusCode.Unauthorized);
        Assert.Equal("invalid_webhook_signature", error.Text("code"));
        Assert.Equal("invalid_request_error", error.Text("type"));
    }

    [Fact]
    public async Task TamperedBody_Is401()
    {
        var signed = SignedDelivery.Sign(WebhookSignatureTests.SecretA, SignedDelivery.Event("fine_tuning.job.succeeded", "ftjob-ours"));
        var tampered = signed with { Body = signed.Body.Replace("ftjob-ours", "ftjob-else", StringComparison.Ordinal) };

        var error = await StarterCalls.ErrorAsync(await SendAsync(tampered), HttpStatusCode.Unauthorized);

        Assert.Equal("invalid_webhook_signature", error.Text("code"));
    }

    [Theory]
    [InlineData(-600)]
    [InlineData(600)]
    public async Task OldOrFutureTimestamp_Is401(int seconds)
    {
        var signed = SignedDelivery.Sign(WebhookSignatureTests.SecretA, SignedDelivery.Event("fine_tuning.job.succeeded"), at: DateTimeOffset.UtcNow.AddSeconds(seconds));

        var error = await StarterCalls.ErrorAsync(await SendAsync(signed), HttpStatusCode.Unauthorized);

        Assert.Equal("webhook_timestamp_out_of_range", error.Text("code"));
        Assert.Equal("The webhook timestamp is more than 300 s from now.", error.Text("message"));
    }

    [Fact]
    public async Task NoSignatureHeaders_Is400()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Path) { Content = new StringContent(SignedDelivery.Event("fine_tuning.job.succeeded")) };

        var error = await StarterCalls.ErrorAsync(await starter.CreateClient().SendAsync(request, Ct), HttpStatusCode.BadRequest);

        Assert.Equal("missing_webhook_headers", error.Text("code"));
        Assert.Equal("A webhook needs the webhook-id, webhook-timestamp and webhook-signature headers.", error.Text("message"));
    }

    [Fact]
    public async Task TimestampNotUnixSeconds_Is400NamingTheHeader()
    {
        var signed = SignedDelivery.Sign(WebhookSignatureTests.SecretA, SignedDelivery.Event("fine_tuning.job.succeeded"));
        using var request = signed.ToRequest(Path);
        request.Headers.Remove("webhook-timestamp");
        request.Headers.Add("webhook-timestamp", "2026-12-02T10:00:00Z");

        var error = await StarterCalls.ErrorAsync(await starter.CreateClient().SendAsync(request, Ct), HttpStatusCode.BadRequest);

        Assert.Equal("invalid_webhook_timestamp", error.Text("code"));
        Assert.Equal("webhook-timestamp", error.Text("param"));
        Assert.Equal("The webhook timestamp is not Unix seconds.", error.Text("message"));
    }

    [Fact]
    public async Task WrongSignaturePrefix_Is401()
    {
        var signed = SignedDelivery.Sign(WebhookSignatureTests.SecretA, SignedDelivery.Event("fine_tuning.job.succeeded"));

        var error = await StarterCalls.ErrorAsync(await SendAsync(signed, signature: "v2," + signed.Signature["v1,".Length..]), HttpStatusCode.Unauthorized);

        Assert.Equal("invalid_webhook_signature", error.Text("code"));
    }

    [Fact]
    public async Task UnknownSource_Is404()
    {
        var response = await SendAsync(SignedDelivery.Sign(WebhookSignatureTests.SecretA, SignedDelivery.Event("fine_tuning.job.succeeded")), "/v1/webhooks/vertex");

        var error = await StarterCalls.ErrorAsync(response, HttpStatusCode.NotFound);
        Assert.Equal("unknown_webhook_source", error.Text("code"));
    }

    [Fact]
    public async Task BodyOverTheLimit_Is413()
    {
        var body = SignedDelivery.Event("fine_tuning.job.succeeded").Replace("\"object\"", $"\"pad\":\"{new string('x', 4096)}\",\"object\"", StringComparison.Ordinal);

        await StarterCalls.ErrorAsync(await SendAsync(SignedDelivery.Sign(WebhookSignatureTests.SecretA, body)), HttpStatusCode.RequestEntityTooLarge);
    }

    /// <summary>Verified, but of another kind (a batch, a response): acknowledged, so the provider does not retry it for days, and nothing else is done.</summary>
    [Fact]
    public async Task OtherEventType_Is200WithoutTemporal()
    {
        var response = await SendAsync(SignedDelivery.Sign(WebhookSignatureTests.SecretA, SignedDelivery.Event("batch.completed", "batch_abc")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("not a fine-tuning event", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    /// <summary>Another product's event need not have <c>data.id</c> (or a number for <c>created_at</c>): still acknowledged, never retried for days.</summary>
    [Theory]
    [InlineData("""{"type":"realtime.call.incoming","data":{"call_id":"rtc_1"}}""")]
    [InlineData("""{"type":"batch.completed","created_at":"yesterday"}""")]
    public async Task OtherEventTypeOfAnotherShape_Is200(string body)
    {
        var response = await SendAsync(SignedDelivery.Sign(WebhookSignatureTests.SecretA, body));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>A fine-tuning event whose <c>created_at</c> is not a number still gets as far as Temporal (no 500): the event is only a hint.</summary>
    [Fact]
    public async Task CreatedAtNotANumber_StillHandedOn()
    {
        var body = """{"id":"evt_1","object":"event","type":"fine_tuning.job.succeeded","created_at":"soon","data":{"id":"ftjob-abc123"}}""";

        await StarterCalls.ErrorAsync(await SendAsync(SignedDelivery.Sign(WebhookSignatureTests.SecretA, body)), HttpStatusCode.ServiceUnavailable);
    }

    /// <summary>Signatures on two header lines (a rotation, sent by a proxy that splits them) are read as one list.</summary>
    [Fact]
    public async Task SignaturesOnTwoHeaderLines_AreOneList()
    {
        var signed = SignedDelivery.Sign(WebhookSignatureTests.SecretA, SignedDelivery.Event("fine_tuning.job.succeeded"));
        using var request = signed.ToRequest(Path, signature: "v1,bm90IGEgc2lnbmF0dXJl");
        request.Headers.Add("webhook-signature", signed.Signature);

        await StarterCalls.ErrorAsync(await starter.CreateClient().SendAsync(request, Ct), HttpStatusCode.ServiceUnavailable);
    }

    [Theory]
    [InlineData("openai-a", "msg1", "openai", "a-msg1")]
    [InlineData("openai", "msg.1", "OpenAI", "msg_1")]
    public void DeliveryIds_OfDifferentEvents_Differ(string source1, string id1, string source2, string id2) =>
        Assert.NotEqual(
            FineTuneWorkflows.Starter.Webhooks.WebhookReceiver.DeliveryId(source1, id1),
            FineTuneWorkflows.Starter.Webhooks.WebhookReceiver.DeliveryId(source2, id2));

    [Theory]
    [InlineData("OpenAI", "msg_2Lkd0Lk", "ftw-webhook:openai:msg_2Lkd0Lk")]
    [InlineData("azure", "a b", "ftw-webhook:azure:c8687a08aa5d6ed2044328fa6a697ab8e96dc34291e8c2034ae8c38e6fcc6d65")]
    public void DeliveryId_SourceAndIdOrItsHash(string source, string id, string expected) =>
        Assert.Equal(expected, FineTuneWorkflows.Starter.Webhooks.WebhookReceiver.DeliveryId(source, id));

    [Theory]
    [InlineData("""{"type":"fine_tuning.job.succeeded"}""")]
    [InlineData("""{"type":"fine_tuning.job.succeeded","data":{"id":""}}""")]
    [InlineData("""{"type":7,"data":{"id":"ftjob-abc"}}""")]
    [InlineData("""{"data":{"id":"ftjob-abc"}}""")]
    [InlineData("""[1,2]""")]
    [InlineData("""not json""")]
    public async Task SignedButNotAnEvent_Is400(string body)
    {
        var error = await StarterCalls.ErrorAsync(await SendAsync(SignedDelivery.Sign(WebhookSignatureTests.SecretA, body)), HttpStatusCode.BadRequest);

        Assert.Equal("invalid_event", error.Text("code"));
        Assert.Equal("The event is not a JSON object with string 'type' and 'data.id'.", error.Text("message"));
    }

    /// <summary>The starter's own API still wants its key: the webhook route opens nothing else.</summary>
    [Fact]
    public async Task JobsApi_StillNeedsTheKey()
    {
        var response = await starter.CreateClient().GetAsync(new Uri("/v1/fine_tuning/jobs", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}

/// <summary>A starter with no webhook source: the route exists for no one.</summary>
public class NoWebhooksTests(DeadTemporalStarter starter) : IClassFixture<DeadTemporalStarter>
{
    [Fact]
    public async Task AnyDelivery_Is404()
    {
        var signed = SignedDelivery.Sign(WebhookSignatureTests.SecretA, SignedDelivery.Event("fine_tuning.job.succeeded"));

        var response = await starter.CreateClient().SendAsync(signed.ToRequest("/v1/webhooks/openai"), TestContext.Current.CancellationToken);

        await StarterCalls.ErrorAsync(response, HttpStatusCode.NotFound);
    }
}

/// <summary>Where dev mode points the simulator's webhooks: the starter's first URL, as this machine reaches it.</summary>
public class DevWebhookUrlTests
{
    [Theory]
    [InlineData("http://127.0.0.1:5000", "http://127.0.0.1:5000")]
    [InlineData("http://0.0.0.0:8080", "http://127.0.0.1:8080")]
    [InlineData("http://*:8080;https://*:8443", "http://127.0.0.1:8080")]
    [InlineData("http://+:5001", "http://127.0.0.1:5001")]
    [InlineData("http://[::]:5002", "http://127.0.0.1:5002")]
    [InlineData("http://localhost:5003/", "http://localhost:5003")]
    public void LoopbackOf_FirstUrlReachableHere(string urls, string expected) =>
        Assert.Equal(expected, FineTuneWorkflows.Dev.DevMode.LoopbackOf(urls));
}

/// <summary>When webhooks count as configured: new jobs then check only as a safety net.</summary>
public class WebhookOptionsTests
{
    [Fact]
    public void NoSources_NotConfigured() => Assert.False(new FineTuneWorkflows.Starter.Webhooks.WebhookOptions().Configured);

    /// <summary>A source listed without a secret verifies nothing, so it must not slow every job's checks.</summary>
    [Fact]
    public void SourceWithoutSecrets_NotConfigured() =>
        Assert.False(new FineTuneWorkflows.Starter.Webhooks.WebhookOptions { Sources = { ["openai"] = new() } }.Configured);

    [Fact]
    public void SourceWithASecret_Configured() =>
        Assert.True(new FineTuneWorkflows.Starter.Webhooks.WebhookOptions { Sources = { ["openai"] = new() { Secrets = [WebhookSignatureTests.SecretA] } } }.Configured);
}
