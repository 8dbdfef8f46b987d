using System.Diagnostics;
using FineTuneWorkflows.Activities.Cancel;
using FineTuneWorkflows.Activities.Creation;
using FineTuneWorkflows.Activities.Polling;
using FineTuneWorkflows.Activities.Provider;
using FineTuneWorkflows.Activities.Results;
using FineTuneWorkflows.Bench.Report;
using FineTuneWorkflows.Simulator;
using FineTuneWorkflows.Simulator.Hosting;
using FineTuneWorkflows.Workflows;
using FineTuneWorkflows.Workflows.Temporal;
using Microsoft.Extensions.Options;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.OperatorService.V1;
using Temporalio.Client;
using Temporalio.Exceptions;
using Temporalio.Worker;

namespace FineTuneWorkflows.Bench.Live;

/// <summary>
/// 200 fine-tunes at once on a real Temporal server, one worker, the simulator with short phases.
/// Runs only where <c>TEMPORAL_ADDRESS</c> names a reachable server; otherwise says why not.
/// </summary>
public static class LiveThroughput
{
    public const int Workflows = 200;
    private const string Section = "5. Live server";

    /// <summary>Quick polling, for phases of seconds: a change is seen within a second.</summary>
    private static readonly PollPolicy ShortPhases = new()
    {
        MinInterval = TimeSpan.FromMilliseconds(250),
        QuickMaxInterval = TimeSpan.FromSeconds(1),
        MaxInterval = TimeSpan.FromSeconds(1),
        HeartbeatInterval = TimeSpan.FromSeconds(1),
    };

    public static async Task<(IReadOnlyList<Row> Rows, string? Skipped)> RunAsync()
    {
        if (Environment.GetEnvironmentVariable("TEMPORAL_ADDRESS") is not { Length: > 0 } address)
        {
            return Skip("no Temporal server: TEMPORAL_ADDRESS is not set (none can run on this machine: the dev server binary cannot be downloaded and there is no Docker)");
        }

        TemporalClient client;
        try
        {
            client = await TemporalClient.ConnectAsync(new(address) { Namespace = Environment.GetEnvironmentVariable("TEMPORAL_NAMESPACE") ?? "default" });
            await RegisterSearchAttributesAsync(client);
        }
        catch (Exception e) when (e is RpcException or InvalidOperationException or IOException)
        {
            return Skip($"no Temporal server reachable at {address}: {e.Message}");
        }

        var phases = new SimulatorOptions { ValidatingFiles = TimeSpan.FromSeconds(1), Queued = TimeSpan.FromSeconds(2), Running = TimeSpan.FromSeconds(5) };
        await using var simulator = await SimulatorHost.StartAsync(phases);
        using var http = new HttpClient();
        var provider = new FineTuningClient(http, Options.Create(new ProviderOptions { Kind = ProviderKind.OpenAI, BaseUrl = simulator.BaseUrl, ApiKey = "sk-bench-0123456789" }), TimeProvider.System);
        var folder = Path.Combine(Path.GetTempPath(), $"ftw-bench-live-{Guid.NewGuid():N}");
        var artifacts = new LocalFolderArtifactStore(Options.Create(new ArtifactOptions { Folder = folder }));
        object[] activities = [new CreationActivities(provider, artifacts, TimeProvider.System), new PollingActivities(provider, TimeProvider.System), new ResultActivities(provider, artifacts), new CancelActivities(provider)];
        var queue = $"ftw-bench-{Guid.NewGuid():N}";
        var main = new TemporalWorkerOptions(queue) { MaxConcurrentActivities = Workflows * 2 }.AddWorkflow<FineTuneWorkflow>();
        // Result downloads run on the long-work queue, as the default deployment polls it.
        var longOptions = new TemporalWorkerOptions(LongWork.QueueFor(queue));
        foreach (var instance in activities)
        {
            main.AddAllActivities(instance);
            longOptions.AddAllActivities(instance);
        }

        using var worker = new TemporalWorker(client, main);
        using var longWork = new TemporalWorker(client, longOptions);
        using var stop = new CancellationTokenSource();
        var running = Task.WhenAll(worker.ExecuteAsync(stop.Token), longWork.ExecuteAsync(stop.Token));

        long peak = 0;
        var sampling = Task.Run(async () =>
        {
            using var process = Process.GetCurrentProcess();
            while (!stop.IsCancellationRequested)
            {
                process.Refresh();
                peak = Math.Max(peak, process.WorkingSet64);
                await Task.Delay(100);
            }
        });

        var started = Stopwatch.StartNew();
        var options = new FineTuneOptions(ShortPhases, folder);
        var handles = await Task.WhenAll(Enumerable.Range(0, Workflows).Select(i => client.StartWorkflowAsync(
            (FineTuneWorkflow wf) => wf.RunAsync(new FineTuneInput { Request = new() { Model = "gpt-4o-mini", TrainingFile = "file-train", Suffix = "bench" }, Options = options }),
            new WorkflowOptions($"ftw-bench-{queue}-{i}", queue))));
        var finished = await Task.WhenAll(handles.Select(async h =>
        {
            var result = await h.GetResultAsync<FineTuneResult>();
            return (Result: result, At: DateTimeOffset.UtcNow);
        }));
        var took = started.Elapsed;
        await stop.CancelAsync();
        try
        {
            await running;
        }
        catch (OperationCanceledException)
        {
            // The worker stops by cancellation.
        }

        await sampling;
        Directory.Delete(folder, recursive: true);

        var lags = finished.Select(f => (f.At - simulator.State.FindJob(f.Result.JobId)!.Timeline.EndsAt).TotalSeconds).ToList();
        var rows = new List<Row>
        {
            new(Section, $"Workflows completed per second ({Workflows} at once, one worker)", Format.N(Workflows / took.TotalSeconds, 1), "—", "—", "—", null),
            new(Section, "Worker peak memory (working set; the simulator shares the process)", $"{Format.N(peak / 1024.0 / 1024.0)} MiB", "—", "—", "—", null),
            new(Section, "p95 from the job's last transition to workflow completion", Format.Seconds(Format.Percentile(lags, 0.95)), "—", "—", "—", null),
        };
        return (rows, null);
    }

    private static (IReadOnlyList<Row>, string?) Skip(string reason) =>
        ([new Row(Section, $"Live-server throughput ({Workflows} concurrent fine-tunes)", "—", "—", "—", "skipped", null, reason)], reason);

    private static async Task RegisterSearchAttributesAsync(TemporalClient client)
    {
        var request = new AddSearchAttributesRequest { Namespace = client.Options.Namespace };
        foreach (var key in SearchAttributes.All)
        {
            request.SearchAttributes[key.Name] = IndexedValueType.Keyword;
        }

        try
        {
            await client.Connection.OperatorService.AddSearchAttributesAsync(request);
        }
        catch (RpcException e) when (e.Code == RpcException.StatusCode.AlreadyExists)
        {
            // Registered by an earlier run.
        }
    }
}
