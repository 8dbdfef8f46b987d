using System.ClientModel;
using BenchmarkDotNet.Attributes;
using FineTuneWorkflows.Activities.Provider;
using Microsoft.Extensions.Options;
using OpenAI;
using OpenAI.FineTuning;

#pragma warning disable OPENAI001 // The fine-tuning client is experimental in OpenAI 2.15.0.

namespace FineTuneWorkflows.Bench.Client;

/// <summary>
/// One retrieve-job call and one list-events call (a page of <see cref="EventsPage"/>), each
/// parsed into the client's own objects: ours, and the official OpenAI .NET client 2.15.0.
/// The simulator runs in another process, so allocations are the client's alone.
/// </summary>
[MemoryDiagnoser]
public class ClientBenchmarks : IDisposable
{
    public const int EventsPage = 20;

    private HttpClient? http;
    private FineTuneWorkflows.Activities.Provider.FineTuningClient? ours;
    private OpenAI.FineTuning.FineTuningClient? theirs;
    private OpenAI.FineTuning.FineTuningJob? theirJob;

    /// <summary>Set by the harness before BenchmarkDotNet runs in process.</summary>
    public static Uri? BaseUrl { get; set; }

    public static string? JobId { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        http = new HttpClient();
        ours = new FineTuneWorkflows.Activities.Provider.FineTuningClient(
            http,
            Options.Create(new ProviderOptions { Kind = ProviderKind.OpenAI, BaseUrl = BaseUrl, ApiKey = SimulatorProcess.ApiKey }),
            TimeProvider.System);
        theirs = new OpenAIClient(new ApiKeyCredential(SimulatorProcess.ApiKey), new OpenAIClientOptions { Endpoint = BaseUrl }).GetFineTuningClient();
        theirJob = theirs.GetJob(JobId!);
    }

    private async Task<byte[]> GetBytesAsync(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"{BaseUrl!.AbsoluteUri.TrimEnd('/')}/{path}"));
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", SimulatorProcess.ApiKey);
        using var response = await http!.SendAsync(request);
        return await response.EnsureSuccessStatusCode().Content.ReadAsByteArrayAsync();
    }

    [GlobalCleanup]
    public void Dispose()
    {
        http?.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>
    /// Not reported. In process, whichever benchmark runs first comes out several times slower
    /// (seen with either client first); this one takes that place.
    /// </summary>
    [Benchmark]
    public Task<byte[]> Settle() => GetBytesAsync($"fine_tuning/jobs/{JobId}");

    [Benchmark]
    public Task<OpenAI.FineTuning.FineTuningJob> RetrieveJob_OpenAI() => theirs!.GetJobAsync(JobId!);

    [Benchmark]
    public Task<FineTuneWorkflows.Wire.FineTuningJob> RetrieveJob_Ours() => ours!.RetrieveJobAsync(JobId!);

    /// <summary>The transport alone: the same GET through a plain HttpClient, body read as bytes, nothing parsed.</summary>
    [Benchmark]
    public Task<byte[]> RetrieveJob_HttpFloor() => GetBytesAsync($"fine_tuning/jobs/{JobId}");

    [Benchmark]
    public Task<byte[]> ListEvents_HttpFloor() => GetBytesAsync($"fine_tuning/jobs/{JobId}/events?limit={EventsPage}");

    [Benchmark]
    public async Task<int> ListEvents_Ours() => (await ours!.ListEventsAsync(JobId!, limit: EventsPage)).Data!.Count;

    [Benchmark]
    public async Task<int> ListEvents_OpenAI()
    {
        // The collection fetches the next page only when asked for more than the first holds.
        var count = 0;
        await foreach (var e in theirJob!.GetEventsAsync(new GetEventsOptions { PageSize = EventsPage }))
        {
            if (++count == EventsPage)
            {
                break;
            }
        }

        return count;
    }
}
