using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FineTuneWorkflows.Wire;

namespace FineTuneWorkflows.Cli.Api;

/// <summary>
/// The starter's OpenAI-compatible routes, as <c>ftw</c> uses them. Anything that answers them
/// will do (the simulator does, for the commands that need no workflow).
/// </summary>
public sealed class StarterClient(HttpClient http, Uri baseUrl, string? apiKey)
{
    /// <summary>Attempts of one create, all under the same idempotency key, so a retry is never a second job.</summary>
    public const int CreateAttempts = 3;

    /// <summary>How long one call may wait for its answer.</summary>
    public static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(100);

    public Uri BaseUrl { get; } = baseUrl;

    public static StarterClient From(CliEnvironment environment, string? baseUrl, string? apiKey, HttpClient http)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var url = environment.Choose(baseUrl, FtwDefaults.BaseUrlVariable, FtwDefaults.StarterBaseUrl)!;
        if (!Uri.TryCreate(url.TrimEnd('/') + "/", UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new InvalidDataException($"the starter's base URL '{url}' is not an http(s) URL (--base-url or {FtwDefaults.BaseUrlVariable})");
        }

        return new StarterClient(http, uri, environment.Choose(apiKey, FtwDefaults.ApiKeyVariable));
    }

    /// <summary>
    /// Creates a fine-tune from <paramref name="body"/> as given, so every field and every
    /// <c>method</c> shape reaches the starter unchanged. Asked again only when the request surely
    /// made nothing (refused before it was read: no connection, or a 429): a lost answer is left to
    /// the user to ask again with the printed key, because <c>--base-url</c> may point at a provider
    /// itself, where no key stops a second paid job.
    /// </summary>
    public async Task<FineTuningJob> CreateAsync(JsonObject body, string idempotencyKey, TimeSpan retryDelay, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                using var request = Request(HttpMethod.Post, "fine_tuning/jobs");
                request.Headers.Add(Idempotency.Header, idempotencyKey);
                request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
                return await SendAsync(request, WireJson.Default.FineTuningJob, cancellationToken);
            }
            catch (Exception e) when (attempt < CreateAttempts && IsWorthAnotherTry(e, cancellationToken))
            {
                await Task.Delay(retryDelay * attempt, cancellationToken);
            }
        }
    }

    public Task<FineTuningJob> RetrieveAsync(string id, CancellationToken cancellationToken) =>
        SendAsync(Request(HttpMethod.Get, $"fine_tuning/jobs/{Uri.EscapeDataString(id)}"), WireJson.Default.FineTuningJob, cancellationToken);

    public Task<ListPage<FineTuningJob>> ListAsync(int limit, string? after, CancellationToken cancellationToken) =>
        SendAsync(Request(HttpMethod.Get, $"fine_tuning/jobs?limit={limit}" + (after is null ? "" : $"&after={Uri.EscapeDataString(after)}")), WireJson.Default.ListPageFineTuningJob, cancellationToken);

    public Task<FineTuningJob> CancelAsync(string id, CancellationToken cancellationToken) =>
        SendAsync(Request(HttpMethod.Post, $"fine_tuning/jobs/{Uri.EscapeDataString(id)}/cancel"), WireJson.Default.FineTuningJob, cancellationToken);

    /// <summary>
    /// Pauses or resumes through the starter. The Portkey gateway routes any POST on a job id as
    /// a cancel, so whatever answers is read first, and a gateway (its <c>x-portkey-</c> headers
    /// or its demand for them) is refused before the POST is ever sent.
    /// </summary>
    public async Task<FineTuningJob> PauseOrResumeAsync(string id, bool resume, CancellationToken cancellationToken)
    {
        var verb = resume ? "resume" : "pause";
        var path = $"fine_tuning/jobs/{Uri.EscapeDataString(id)}";
        using (var probe = Request(HttpMethod.Get, path))
        using (var response = await TimedSendAsync(probe, cancellationToken))
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (response.Headers.Any(h => h.Key.StartsWith("x-portkey-", StringComparison.OrdinalIgnoreCase)) || body.Contains("x-portkey-", StringComparison.OrdinalIgnoreCase))
            {
                // Status 0: ftw's own refusal (a setting to fix), not an answer from the server.
                throw new StarterException(
                    0,
                    $"{BaseUrl} is a Portkey gateway, which treats any POST on a job id as a cancel: ftw will not send a {verb} through it. Point --base-url ({FtwDefaults.BaseUrlVariable}) at the starter.");
            }

            await ThrowIfErrorAsync(response, cancellationToken);
        }

        return await SendAsync(Request(HttpMethod.Post, $"{path}/{verb}"), WireJson.Default.FineTuningJob, cancellationToken);
    }

    /// <summary>A provider's file record (<c>GET files/{id}</c>): its name, for a result file downloaded from a provider.</summary>
    public Task<ProviderFile> FileAsync(string id, CancellationToken cancellationToken) =>
        SendAsync(Request(HttpMethod.Get, $"files/{Uri.EscapeDataString(id)}"), WireJson.Default.ProviderFile, cancellationToken);

    public Task<ListPage<JobEvent>> EventsAsync(string id, int limit, CancellationToken cancellationToken) =>
        SendAsync(Request(HttpMethod.Get, $"fine_tuning/jobs/{Uri.EscapeDataString(id)}/events?limit={limit}"), WireJson.Default.ListPageJobEvent, cancellationToken);

    /// <summary>
    /// <c>GET …/{id}/result</c>, the starter's own route: kept as JSON, printed and saved as it
    /// came. Null when the answer is 404: no such job, or no such route (a provider).
    /// </summary>
    public async Task<JsonDocument?> ResultAsync(string id, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Get, $"fine_tuning/jobs/{Uri.EscapeDataString(id)}/result");
        using var response = await TimedSendAsync(request, cancellationToken);
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }

        await ThrowIfErrorAsync(response, cancellationToken);
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        return await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken);
    }

    /// <summary>
    /// Copies what <paramref name="url"/> (a path the starter gave, such as an artifact's) serves
    /// into <paramref name="path"/>, streamed: whole or not at all (a partial download is removed).
    /// </summary>
    public async Task<long> DownloadAsync(string url, string path, CancellationToken cancellationToken)
    {
        // A path from the root ("/v1/…") resolves against the starter's host, whatever its base path.
        using var request = Request(HttpMethod.Get, url);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        await ThrowIfErrorAsync(response, cancellationToken);
        var partial = path + ".partial";
        try
        {
            await using (var target = File.Create(partial))
            {
                await response.Content.CopyToAsync(target, cancellationToken);
            }

            File.Move(partial, path, overwrite: true);
            return new FileInfo(path).Length;
        }
        finally
        {
            File.Delete(partial);
        }
    }

    /// <summary>Only failures that prove no request reached a server that could act on it: no connection, or a 429.</summary>
    private static bool IsWorthAnotherTry(Exception e, CancellationToken cancellationToken) => e switch
    {
        StarterException s => s.Status is 429,
        HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError } => true,
        _ => false,
    } && !cancellationToken.IsCancellationRequested;

    /// <summary>One call, given <see cref="CallTimeout"/> to answer; a call that does not is a <see cref="StarterException"/> with status 0.</summary>
    private async Task<HttpResponseMessage> TimedSendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var timed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timed.CancelAfter(CallTimeout);
        try
        {
            return await http.SendAsync(request, timed.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new StarterException(0, $"{request.RequestUri} did not answer within {CallTimeout.TotalSeconds:0} s");
        }
    }

    private HttpRequestMessage Request(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, new Uri(BaseUrl, path));
        if (!string.IsNullOrEmpty(apiKey))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }

        return request;
    }

    private async Task<T> SendAsync<T>(HttpRequestMessage request, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        using (request)
        {
            using var response = await TimedSendAsync(request, cancellationToken);
            await ThrowIfErrorAsync(response, cancellationToken);
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            return await JsonSerializer.DeserializeAsync(stream, type, cancellationToken)
                ?? throw new StarterException((int)response.StatusCode, $"{request.RequestUri} answered with an empty body");
        }
    }

    internal static async Task ThrowIfErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        string? message = null;
        try
        {
            message = JsonSerializer.Deserialize(text, WireJson.Default.ErrorEnvelope)?.Error?.Message;
        }
        catch (JsonException)
        {
            // Not an envelope (a proxy's page, say): the status alone says it.
        }

        var status = (int)response.StatusCode;
        var reason = response.StatusCode == HttpStatusCode.Unauthorized && message is null ? "a key is needed (--api-key or FTW_API_KEY)" : message ?? response.ReasonPhrase;
        throw new StarterException(status, $"{response.RequestMessage?.RequestUri} answered {status}: {reason}");
    }
}
