using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net;
using System.Text.Json;
using FineTuneWorkflows.Starter.Api;
using FineTuneWorkflows.Tests.Replay.LiveServer;
using FineTuneWorkflows.Tests.Support;
using OpenAI;
using OpenAI.FineTuning;

#pragma warning disable OPENAI001 // The fine-tuning client is experimental in OpenAI 2.15.0; these tests pin our wire compatibility with it.

namespace FineTuneWorkflows.Tests.Starter;

/// <summary>
/// The whole path on a real Temporal server: the official OpenAI client talks to the starter,
/// which starts workflows that a real worker runs against the simulator. Skipped, with the
/// reason, where no server can be had (see <see cref="LiveTemporal"/>).
/// </summary>
public class StarterLiveTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Live_OpenAIClient_CreatesReadsListsAndGetsTheResult()
    {
        await using var rig = await LiveRig.StartAsync(TimeSpan.FromSeconds(1));

        var created = await rig.OpenAI.FineTuneAsync("gpt-4o-mini-2024-07-18", "file-train", waitUntilCompleted: false, new FineTuningOptions { Suffix = "live" }, StarterCalls.Ct);
        Assert.True(JobIds.IsWellFormed(created.JobId), created.JobId);

        var finished = await rig.WaitForStatusAsync(created.JobId, FineTuningStatus.Succeeded);
        Assert.Equal("file-train", finished.TrainingFileId);
        Assert.NotEmpty(finished.ResultFileIds);

        Assert.Contains(created.JobId, await rig.ListedIdsAsync(created.JobId));

        using var result = await rig.GetJsonAsync($"{StarterCalls.Jobs}/{created.JobId}/result");
        Assert.Equal(created.JobId, result.RootElement.GetProperty("id").GetString());
        Assert.Equal(100, result.RootElement.GetProperty("metrics").GetProperty("rows").GetInt64());
        Assert.True(File.Exists(result.RootElement.GetProperty("artifacts")[0].GetProperty("location").GetString()));
        Assert.Equal(1, rig.Provider.State.JobsCreated);
    }

    [Fact]
    public async Task Live_OpenAIClient_CancelsAJob()
    {
        await using var rig = await LiveRig.StartAsync(TimeSpan.FromMinutes(5));
        var job = await rig.OpenAI.FineTuneAsync("gpt-4o-mini-2024-07-18", "file-train", waitUntilCompleted: false, new FineTuningOptions(), StarterCalls.Ct);

        await job.CancelAndUpdateAsync(StarterCalls.Ct);

        await rig.WaitForStatusAsync(job.JobId, FineTuningStatus.Cancelled);
        using var view = await rig.GetJsonAsync($"{StarterCalls.Jobs}/{job.JobId}");
        var providerJobId = view.RootElement.GetProperty(JobViews.ProviderJobIdField).GetString();
        Assert.Equal(FineTuneWorkflows.Wire.JobStatus.Cancelled, rig.Provider.State.Jobs.Single(j => j.Id == providerJobId).Status);
    }

    [Fact]
    public async Task Live_RetriedCreateWithIdempotencyKey_ReturnsTheSameJobAndOneProviderJob()
    {
        await using var rig = await LiveRig.StartAsync(TimeSpan.FromSeconds(1));
        var key = $"retry-{Guid.NewGuid():N}";

        var first = await rig.CreateAsync(key);
        var second = await rig.CreateAsync(key);
        await rig.WaitForStatusAsync(first, FineTuningStatus.Succeeded);
        var afterItEnded = await rig.CreateAsync(key);

        Assert.Equal(JobIds.FromIdempotencyKey(key), first);
        Assert.Equal(first, second);
        Assert.Equal(first, afterItEnded);
        Assert.Equal(1, rig.Provider.State.JobsCreated);
    }

    [Fact]
    public async Task Live_IdempotencyKeyReusedWithAnotherBody_Returns422AndMakesNoSecondJob()
    {
        await using var rig = await LiveRig.StartAsync(TimeSpan.FromSeconds(1));
        var key = $"reuse-{Guid.NewGuid():N}";
        const string other = """{"model":"gpt-4o-mini-2024-07-18","training_file":"file-other"}""";
        const string respelled = """{ "training_file" : "file-train", "model" : "gpt-4o-mini-2024-07-18", "suffix" : null }""";

        var first = await rig.CreateAsync(key);
        using var whileRunning = await rig.PostAsync(key, other);
        Assert.Equal(first, await rig.CreateAsync(key, respelled));
        await rig.WaitForStatusAsync(first, FineTuningStatus.Succeeded);
        using var afterItEnded = await rig.PostAsync(key, other);

        foreach (var response in new[] { whileRunning, afterItEnded })
        {
            var error = await StarterCalls.ErrorAsync(response, HttpStatusCode.UnprocessableEntity);
            Assert.Equal("idempotency_key_reused", error.Text("code"));
            Assert.Equal("Idempotency-Key", error.Text("param"));
        }

        Assert.Equal(1, rig.Provider.State.JobsCreated);
    }

    /// <summary>Temporal, the simulator, a worker and the starter, wired to one another for one test.</summary>
    private sealed class LiveRig : IAsyncDisposable
    {
        private readonly LiveTemporal temporal;
        private readonly RunningWorker worker;
        private readonly StarterFactory starter;

        private LiveRig(LiveTemporal temporal, ProviderRig provider, RunningWorker worker, StarterFactory starter)
        {
            this.temporal = temporal;
            this.worker = worker;
            this.starter = starter;
            Provider = provider;
            Http = starter.CreateAuthorizedClient();
            OpenAI = new OpenAIClient(
                new ApiKeyCredential(StarterFactory.Key),
                new OpenAIClientOptions { Endpoint = new Uri(starter.Server.BaseAddress, "v1"), Transport = new HttpClientPipelineTransport(starter.CreateClient()) })
                .GetFineTuningClient();
        }

        public ProviderRig Provider { get; }

        public HttpClient Http { get; }

        public FineTuningClient OpenAI { get; }

        public static async Task<LiveRig> StartAsync(TimeSpan phase)
        {
            var temporal = await LiveTemporal.StartOrSkipAsync();
            var provider = await ProviderRig.StartAsync(ProviderRig.QuickJobs(phase));
            var queue = $"starter-live-{Guid.NewGuid():N}";
            var worker = RunningWorker.Start(temporal.Client, queue, provider.Activities);
            var starter = new StarterFactory(new Dictionary<string, string?> { ["Temporal:TaskQueue"] = queue }, temporal.Client);
            return new LiveRig(temporal, provider, worker, starter);
        }

        public async Task<FineTuningJob> WaitForStatusAsync(string id, FineTuningStatus status)
        {
            var until = DateTime.UtcNow + Deadline;
            while (true)
            {
                var job = await OpenAI.GetJobAsync(id, StarterCalls.Ct);
                if (job.Status == status || DateTime.UtcNow > until)
                {
                    Assert.Equal(status, job.Status);
                    return job;
                }

                await Task.Delay(500, StarterCalls.Ct);
            }
        }

        /// <summary>Visibility is eventually consistent: list until the job shows up, for a while.</summary>
        public async Task<List<string>> ListedIdsAsync(string expected)
        {
            var listed = new List<string>();
            for (var i = 0; i < 50 && !listed.Contains(expected); i++)
            {
                listed.Clear();
                await foreach (var job in OpenAI.GetJobsAsync(new FineTuningJobCollectionOptions { PageSize = 2 }, StarterCalls.Ct))
                {
                    listed.Add(job.JobId);
                }

                await Task.Delay(200, StarterCalls.Ct);
            }

            return listed;
        }

        public async Task<string> CreateAsync(string idempotencyKey, string body = """{"model":"gpt-4o-mini-2024-07-18","training_file":"file-train"}""")
        {
            using var response = await PostAsync(idempotencyKey, body);
            var text = await response.Content.ReadAsStringAsync(StarterCalls.Ct);
            Assert.True(response.StatusCode == HttpStatusCode.OK, text);
            using var document = JsonDocument.Parse(text);
            return document.RootElement.GetProperty("id").GetString()!;
        }

        public async Task<HttpResponseMessage> PostAsync(string idempotencyKey, string body)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, StarterCalls.Jobs)
            {
                Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("Idempotency-Key", idempotencyKey);
            return await Http.SendAsync(request, StarterCalls.Ct);
        }

        public async Task<JsonDocument> GetJsonAsync(string path)
        {
            using var response = await Http.GetAsync(path, StarterCalls.Ct);
            var body = await response.Content.ReadAsStringAsync(StarterCalls.Ct);
            Assert.True(response.StatusCode == HttpStatusCode.OK, body);
            return JsonDocument.Parse(body);
        }

        public async ValueTask DisposeAsync()
        {
            Http.Dispose();
            await starter.DisposeAsync();
            await worker.DisposeAsync();
            await Provider.DisposeAsync();
            await temporal.DisposeAsync();
        }
    }
}
