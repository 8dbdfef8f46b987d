using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using FineTuneWorkflows.Simulator;
using FineTuneWorkflows.Simulator.Hosting;
using FineTuneWorkflows.Wire;

namespace FineTuneWorkflows.Tests.Simulator;

/// <summary>A fresh simulator on real HTTP with a keyed client; one per test, so ids never clash.</summary>
public sealed class SimulatorSession : IAsyncDisposable
{
    public const string Key = "sk-test-0123456789abcdefXY";

    private SimulatorSession(SimulatorHost host, ManualClock clock)
    {
        Host = host;
        Clock = clock;
        Http = new HttpClient { BaseAddress = new Uri(host.BaseUrl.AbsoluteUri.TrimEnd('/') + "/") };
    }

    public SimulatorHost Host { get; }

    public ManualClock Clock { get; }

    public HttpClient Http { get; }

    public SimulatorState State => Host.State;

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Short phases (1 s, 2 s, 10 s) on a manual clock: tests move time, nothing sleeps.</summary>
    public static async Task<SimulatorSession> StartAsync(Action<SimulatorOptions>? configure = null, ManualClock? clock = null)
    {
        var options = new SimulatorOptions
        {
            ValidatingFiles = TimeSpan.FromSeconds(1),
            Queued = TimeSpan.FromSeconds(2),
            Running = TimeSpan.FromSeconds(10),
        };
        configure?.Invoke(options);
        clock ??= new ManualClock();
        return new SimulatorSession(await SimulatorHost.StartAsync(options, clock, Ct), clock);
    }

    /// <summary>Past the end of every phase of a job created now.</summary>
    public void AdvancePastTheEnd() => Clock.Advance(TimeSpan.FromSeconds(14));

    public async Task<FineTuningJob> CreateJobAsync(string trainingFile = "file-train", string? suffix = null, Dictionary<string, string>? metadata = null)
    {
        using var response = await PostJsonAsync("fine_tuning/jobs", new CreateFineTuningJobRequest { Model = "gpt-4o-mini", TrainingFile = trainingFile, Suffix = suffix, Metadata = metadata });
        return await ReadAsync<FineTuningJob>(response);
    }

    public Task<HttpResponseMessage> PostJsonAsync<T>(string path, T body, Action<HttpRequestMessage>? configure = null) =>
        SendAsync(HttpMethod.Post, path, JsonContent.Create(body, Wire<T>()), configure);

    public Task<HttpResponseMessage> PostRawAsync(string path, string json) =>
        SendAsync(HttpMethod.Post, path, new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? content = null, Action<HttpRequestMessage>? configure = null)
    {
        // The key goes on each request, not on the client, so a test can take it away.
        var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Key);
        configure?.Invoke(request);
        return Http.SendAsync(request, Ct);
    }

    public async Task<T> GetAsync<T>(string path)
    {
        using var response = await SendAsync(HttpMethod.Get, path);
        return await ReadAsync<T>(response);
    }

    public static async Task<T> ReadAsync<T>(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        return JsonSerializer.Deserialize(body, Wire<T>())!;
    }

    /// <summary>Asserts an error envelope with this status and returns its body.</summary>
    public static async Task<ErrorBody> ReadErrorAsync(HttpResponseMessage response, int status)
    {
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.Equal(status, (int)response.StatusCode);
        var envelope = JsonSerializer.Deserialize(body, WireJson.Default.ErrorEnvelope);
        Assert.NotNull(envelope?.Error);
        return envelope.Error;
    }

    private static System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> Wire<T>() =>
        (System.Text.Json.Serialization.Metadata.JsonTypeInfo<T>)WireJson.Default.GetTypeInfo(typeof(T))!;

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Host.DisposeAsync();
    }
}
