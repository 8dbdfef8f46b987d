using System.Net.Http.Json;
using FineTuneWorkflows.Wire;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;

namespace FineTuneWorkflows.Tests.Adversary;

/// <summary>
/// The simulator as a provider whose job list is ordered oldest first (ascending by creation,
/// paged with the same <c>after</c>/<c>limit</c>/<c>has_more</c>), which nothing in the OpenAI
/// wire format forbids and which providers behind a gateway may do. Every other call is passed
/// through unchanged. A thin loopback front: the jobs, their ids and times are the simulator's.
/// </summary>
public sealed class OldestFirstProvider : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly HttpClient upstream = new();

    private OldestFirstProvider(WebApplication app) => this.app = app;

    public Uri BaseUrl { get; private set; } = new("http://127.0.0.1/");

    public static async Task<OldestFirstProvider> StartAsync(Uri simulatorBaseUrl)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Warning" });
        var app = builder.Build();
        var front = new OldestFirstProvider(app);
        var target = simulatorBaseUrl.AbsoluteUri.TrimEnd('/');
        app.Run(context => front.HandleAsync(context, target));
        await app.StartAsync();
        front.BaseUrl = new Uri($"{app.Urls.First().TrimEnd('/')}/v1");
        return front;
    }

    private async Task HandleAsync(HttpContext context, string target)
    {
        var request = context.Request;
        var path = request.Path.Value!["/v1".Length..];
        using var forward = new HttpRequestMessage(new HttpMethod(request.Method), target + path + (path == "/fine_tuning/jobs" && request.Method == "GET" ? string.Empty : request.QueryString.Value));
        if (request.Headers.Authorization.Count > 0)
        {
            forward.Headers.TryAddWithoutValidation("Authorization", request.Headers.Authorization.ToString());
        }

        if (path == "/fine_tuning/jobs" && request.Method == "GET")
        {
            await ListOldestFirstAsync(context, forward);
            return;
        }

        if (request.ContentLength > 0 || request.Method == "POST")
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            forward.Content = new ByteArrayContent(body.ToArray());
            forward.Content.Headers.TryAddWithoutValidation("Content-Type", request.ContentType ?? "application/json");
        }

        HttpResponseMessage answer;
        try
        {
            answer = await upstream.SendAsync(forward);
        }
        catch (HttpRequestException)
        {
            // The simulator cut the connection (a lost response): cut ours too.
            context.Abort();
            return;
        }

        using var _ = answer;
        context.Response.StatusCode = (int)answer.StatusCode;
        context.Response.ContentType = answer.Content.Headers.ContentType?.ToString();
        await context.Response.Body.WriteAsync(await answer.Content.ReadAsByteArrayAsync());
    }

    /// <summary>Reads the whole list from the simulator (newest first) and serves it oldest first.</summary>
    private async Task ListOldestFirstAsync(HttpContext context, HttpRequestMessage template)
    {
        var all = new List<FineTuningJob>();
        string? after = null;
        while (true)
        {
            using var page = new HttpRequestMessage(HttpMethod.Get, $"{template.RequestUri}?limit=100{(after is null ? string.Empty : $"&after={after}")}");
            page.Headers.TryAddWithoutValidation("Authorization", template.Headers.GetValues("Authorization"));
            using var answer = await upstream.SendAsync(page);
            var list = (await answer.Content.ReadFromJsonAsync(WireJson.Default.ListPageFineTuningJob))!;
            all.AddRange(list.Data);
            if (!list.HasMore || list.Data.Count == 0)
            {
                break;
            }

            after = list.Data[^1].Id;
        }

        all.Reverse();
        var limit = int.TryParse(context.Request.Query["limit"], out var l) ? Math.Min(l, 100) : 20;
        var served = ListPages.Page(all, j => j.Id, context.Request.Query["after"].FirstOrDefault(), limit);
        await context.Response.WriteAsJsonAsync(served, WireJson.Default.ListPageFineTuningJob);
    }

    public async ValueTask DisposeAsync()
    {
        upstream.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
