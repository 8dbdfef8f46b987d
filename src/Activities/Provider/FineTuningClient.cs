using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using FineTuneWorkflows.Wire;
using Microsoft.Extensions.Options;

namespace FineTuneWorkflows.Activities.Provider;

/// <summary>
/// The OpenAI-compatible fine-tuning and files API, spoken to Portkey, OpenAI or Azure OpenAI.
/// Every failure comes out as a classified <see cref="ProviderException"/>; retrying is
/// Temporal's job, so there is no retry loop here.
/// </summary>
public sealed class FineTuningClient
{
    private readonly HttpClient http;
    private readonly ProviderOptions options;
    private readonly TimeProvider clock;
    private readonly string baseUrl;
    private readonly TimeSpan requestTimeout;
    private readonly Action? beforeSend;

    public FineTuningClient(HttpClient http, IOptions<ProviderOptions> options, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.http = http;
        this.options = options.Value;
        this.clock = clock;
        baseUrl = this.options.EffectiveBaseUrl.AbsoluteUri.TrimEnd('/');
        requestTimeout = this.options.RequestTimeout;
    }

    private FineTuningClient(FineTuningClient client, TimeSpan requestTimeout, Action? beforeSend)
    {
        http = client.http;
        options = client.options;
        clock = client.clock;
        baseUrl = client.baseUrl;
        this.requestTimeout = requestTimeout;
        this.beforeSend = beforeSend;
    }

    /// <summary>Whether jobs made through this client keep their metadata (<see cref="ProviderOptions.MetadataKept"/>).</summary>
    public bool MetadataKept => options.MetadataKept;

    /// <summary>The longest one call may take: <see cref="ProviderOptions.RequestTimeout"/>, or less where a caller bounds it.</summary>
    public TimeSpan RequestTimeout => requestTimeout;

    /// <summary>How long a create we stopped waiting for may still land (<see cref="ProviderOptions.CreateSettleTime"/>).</summary>
    public TimeSpan CreateSettleTime => options.CreateSettleTime;

    /// <summary>
    /// The same client with every call bounded by <paramref name="limit"/> as well, and
    /// <paramref name="beforeSend"/> run the moment before each request leaves (it may throw to
    /// stop it): an activity whose heartbeat deadline is short must not have a call outlive it.
    /// </summary>
    public FineTuningClient Guarded(TimeSpan limit, Action? beforeSend = null) =>
        new(this, limit < requestTimeout ? limit : requestTimeout, beforeSend);

    /// <summary>Which provider this client speaks to, without any key: see <see cref="ProviderOptions.Describe"/>.</summary>
    public string Provider => options.Describe();

    /// <summary>This deployment's limit on active jobs of <paramref name="model"/> (<see cref="ProviderOptions.Limits"/>); null for none.</summary>
    public int? LimitFor(string model) => options.Limits.For(model);

    public Task<FineTuningJob> CreateJobAsync(CreateFineTuningJobRequest request, CancellationToken cancellationToken = default) =>
        CreateJobAsync(request, null, cancellationToken);

    /// <param name="idempotencyKey">Sent as <c>Idempotency-Key</c>, for the providers and gateways that honour one (none documents it for fine-tuning).</param>
    public async Task<FineTuningJob> CreateJobAsync(CreateFineTuningJobRequest request, string? idempotencyKey, CancellationToken cancellationToken = default)
    {
        RequestValidation.EnsureValid(request);
        using var body = Json(request, WireJson.Default.CreateFineTuningJobRequest);
        var job = await SendRequiredAsync(HttpMethod.Post, "fine_tuning/jobs", body, WireJson.Default.FineTuningJob, "create fine-tuning job", cancellationToken, idempotencyKey);
        return ProviderResponses.Normalize(job);
    }

    public async Task<FineTuningJob> RetrieveJobAsync(string jobId, CancellationToken cancellationToken = default)
    {
        var id = RequestValidation.EnsureId(jobId, "fine_tuning_job_id");
        var job = await SendRequiredAsync(HttpMethod.Get, $"fine_tuning/jobs/{id}", null, WireJson.Default.FineTuningJob, $"retrieve job {id}", cancellationToken);
        return ProviderResponses.Normalize(job);
    }

    /// <summary>Jobs newest first; <paramref name="metadata"/> filters as <c>metadata[k]=v</c> where the provider supports it.</summary>
    public async Task<ListPage<FineTuningJob>> ListJobsAsync(string? after = null, int? limit = null, IReadOnlyDictionary<string, string>? metadata = null, CancellationToken cancellationToken = default)
    {
        var query = Paging(after, limit);
        foreach (var (key, value) in metadata ?? new Dictionary<string, string>())
        {
            query.Add(($"metadata[{key}]", value));
        }

        var page = await SendRequiredAsync(HttpMethod.Get, WithQuery("fine_tuning/jobs", query), null, WireJson.Default.ListPageFineTuningJob, "list jobs", cancellationToken);
        return ProviderResponses.Normalize(page);
    }

    /// <summary>Asks the provider to cancel. Vertex through Portkey answers with an empty body, so the job is then read back.</summary>
    public async Task<FineTuningJob> CancelJobAsync(string jobId, CancellationToken cancellationToken = default)
    {
        var id = RequestValidation.EnsureId(jobId, "fine_tuning_job_id");
        var job = await SendAsync(HttpMethod.Post, $"fine_tuning/jobs/{id}/cancel", null, WireJson.Default.FineTuningJob, $"cancel job {id}", cancellationToken, emptyBodyIsNull: true);
        return job is null ? await RetrieveJobAsync(id, cancellationToken) : ProviderResponses.Normalize(job);
    }

    /// <summary>
    /// Pauses a running job, or resumes a paused one. Refused before any call through the Portkey
    /// gateway: it routes every POST on a job id as a cancel, so a pause sent through it would
    /// cancel the job.
    /// </summary>
    public async Task<FineTuningJob> PauseOrResumeJobAsync(string jobId, bool resume, CancellationToken cancellationToken = default)
    {
        var id = RequestValidation.EnsureId(jobId, "fine_tuning_job_id");
        var verb = resume ? "resume" : "pause";
        if (options.Kind == ProviderKind.Portkey)
        {
            throw new ProviderException(
                ProviderErrorTypes.NotSupported,
                $"Cannot {verb} job {id} through the Portkey gateway: it treats any POST on a job id as a cancel, so the job would be cancelled instead. {(resume ? "Resume" : "Pause")} it at the provider itself.",
                retryable: false);
        }

        var job = await SendRequiredAsync(HttpMethod.Post, $"fine_tuning/jobs/{id}/{verb}", null, WireJson.Default.FineTuningJob, $"{verb} job {id}", cancellationToken);
        return ProviderResponses.Normalize(job);
    }

    /// <summary>Events newest first, those older than <paramref name="after"/> when it is given (the provider's cursor).</summary>
    public Task<ListPage<JobEvent>> ListEventsAsync(string jobId, string? after = null, int? limit = null, CancellationToken cancellationToken = default)
    {
        var id = RequestValidation.EnsureId(jobId, "fine_tuning_job_id");
        return SendRequiredAsync(HttpMethod.Get, WithQuery($"fine_tuning/jobs/{id}/events", Paging(after, limit)), null, WireJson.Default.ListPageJobEvent, $"list events of job {id}", cancellationToken);
    }

    public Task<ProviderFile> RetrieveFileAsync(string fileId, CancellationToken cancellationToken = default)
    {
        var id = RequestValidation.EnsureId(fileId, "file_id");
        return SendRequiredAsync(HttpMethod.Get, $"files/{id}", null, WireJson.Default.ProviderFile, $"retrieve file {id}", cancellationToken);
    }

    /// <summary>
    /// Opens a file's content as a stream straight from the socket, so a large result file
    /// never sits whole in memory. The caller disposes the stream.
    /// </summary>
    public async Task<Stream> OpenFileContentAsync(string fileId, CancellationToken cancellationToken = default)
    {
        var id = RequestValidation.EnsureId(fileId, "file_id");
        var operation = $"download file {id}";
        var request = NewRequest(HttpMethod.Get, $"files/{id}/content", null);
        var response = await SendCoreAsync(request, HttpCompletionOption.ResponseHeadersRead, operation, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            using (response)
            {
                var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
                throw ProviderErrors.FromResponse(response.StatusCode, response.Headers, body, operation, options.CredentialSettings);
            }
        }

        return await response.Content.ReadAsStreamAsync(cancellationToken);
    }

    private async Task<T> SendRequiredAsync<T>(HttpMethod method, string path, HttpContent? content, JsonTypeInfo<T> type, string operation, CancellationToken cancellationToken, string? idempotencyKey = null)
        where T : class =>
        (await SendAsync(method, path, content, type, operation, cancellationToken, idempotencyKey: idempotencyKey))!;

    private async Task<T?> SendAsync<T>(HttpMethod method, string path, HttpContent? content, JsonTypeInfo<T> type, string operation, CancellationToken cancellationToken, bool emptyBodyIsNull = false, string? idempotencyKey = null)
        where T : class
    {
        using var request = NewRequest(method, path, content);
        if (idempotencyKey is not null)
        {
            request.Headers.TryAddWithoutValidation(Idempotency.Header, idempotencyKey);
        }

        using var response = await SendCoreAsync(request, HttpCompletionOption.ResponseContentRead, operation, cancellationToken);
        Stream body;
        try
        {
            // The content is already buffered (ResponseContentRead): this stream reads that
            // buffer in place, where a byte array would copy every body once more.
            body = await response.Content.ReadAsStreamAsync(cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            throw ProviderErrors.Transport(operation, e);
        }

        await using (body)
        {
            if (!response.IsSuccessStatusCode)
            {
                throw ProviderErrors.FromResponse(response.StatusCode, response.Headers, await BytesAsync(body, cancellationToken), operation, options.CredentialSettings);
            }

            if (emptyBodyIsNull && body.CanSeek && body.Length == 0)
            {
                return null;
            }

            try
            {
                return JsonSerializer.Deserialize(body, type) ?? throw new JsonException("the body is the JSON literal null");
            }
            catch (JsonException e)
            {
                var bytes = await BytesAsync(body, cancellationToken);
                if (emptyBodyIsNull && bytes.AsSpan().Trim(" \r\n\t"u8).IsEmpty)
                {
                    return null;
                }

                throw ProviderErrors.Unreadable(operation, (int)response.StatusCode, bytes, e);
            }
        }
    }

    /// <summary>The whole body, for the error paths that quote it.</summary>
    private static async Task<byte[]> BytesAsync(Stream body, CancellationToken cancellationToken)
    {
        if (body.CanSeek)
        {
            body.Position = 0;
        }

        using var copy = new MemoryStream();
        await body.CopyToAsync(copy, cancellationToken);
        return copy.ToArray();
    }

    private async Task<HttpResponseMessage> SendCoreAsync(HttpRequestMessage request, HttpCompletionOption completion, string operation, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(requestTimeout, clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        beforeSend?.Invoke();
        try
        {
            var response = await http.SendAsync(request, completion, linked.Token);
            ProviderMetrics.Record(request.Method, (int)response.StatusCode);
            return response;
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            ProviderMetrics.Record(request.Method, null);
            throw ProviderErrors.Transport(operation, new TimeoutException($"no answer within {requestTimeout}", e));
        }
        catch (HttpRequestException e)
        {
            ProviderMetrics.Record(request.Method, null);
            throw ProviderErrors.Transport(operation, e);
        }
    }

    /// <summary>
    /// A JSON body with its Content-Length: serialized up front rather than streamed, because a
    /// streamed body goes out chunked, and some OpenAI-compatible servers and proxies read no body
    /// without a length (or answer 411).
    /// </summary>
    private static ByteArrayContent Json<T>(T value, JsonTypeInfo<T> type)
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(value, type));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        return content;
    }

    private HttpRequestMessage NewRequest(HttpMethod method, string path, HttpContent? content)
    {
        var url = $"{baseUrl}/{path}";
        if (options.Kind == ProviderKind.Azure)
        {
            url += (path.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "api-version=" + Uri.EscapeDataString(options.AzureApiVersion);
        }

        var request = new HttpRequestMessage(method, url) { Content = content };
        ProviderAuth.Apply(request.Headers, options);
        return request;
    }

    private static List<(string Key, string Value)> Paging(string? after, int? limit)
    {
        var query = new List<(string, string)>();
        if (after is not null)
        {
            query.Add(("after", RequestValidation.EnsureId(after, "after")));
        }

        if (limit is { } n)
        {
            query.Add(("limit", n is >= 1 and <= 100 ? n.ToString(CultureInfo.InvariantCulture) : throw new InvalidRequestException("limit", $"must be 1 to 100, not {n}")));
        }

        return query;
    }

    private static string WithQuery(string path, List<(string Key, string Value)> query)
    {
        if (query.Count == 0)
        {
            return path;
        }

        var builder = new StringBuilder(path).Append('?');
        foreach (var (key, value) in query)
        {
            builder.Append(Uri.EscapeDataString(key)).Append('=').Append(Uri.EscapeDataString(value)).Append('&');
        }

        return builder.ToString(0, builder.Length - 1);
    }
}
