using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace FineTuneWorkflows.Tests.Webhooks;

/// <summary>One POST as it arrived.</summary>
public sealed record ReceivedWebhook(string? Id, string? Timestamp, string? Signature, string Body);

/// <summary>
/// An endpoint on real Kestrel (loopback) that keeps every POST it gets and answers with the
/// status the test sets: what a provider's webhook endpoint looks like from the sender's side.
/// </summary>
public sealed class WebhookInbox : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<ReceivedWebhook> received = new();

    private WebhookInbox(WebApplication app) => this.app = app;

    public Uri Url { get; private set; } = null!;

    public int Status { get; set; } = StatusCodes.Status200OK;

    public IReadOnlyList<ReceivedWebhook> Received => [.. received];

    public static async Task<WebhookInbox> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        var inbox = new WebhookInbox(app);
        app.MapPost("/hook", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            var body = await reader.ReadToEndAsync();
            inbox.received.Enqueue(new ReceivedWebhook(request.Headers["webhook-id"], request.Headers["webhook-timestamp"], request.Headers["webhook-signature"], body));
            return Results.StatusCode(inbox.Status);
        });
        await app.StartAsync(TestContext.Current.CancellationToken);
        inbox.Url = new Uri(app.Urls.First().TrimEnd('/') + "/hook");
        return inbox;
    }

    /// <summary>Waits (in real time, up to ten seconds) until <paramref name="count"/> POSTs have come.</summary>
    public async Task<IReadOnlyList<ReceivedWebhook>> WaitForAsync(int count)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (received.Count < count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(25, TestContext.Current.CancellationToken);
        }

        return Received;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
