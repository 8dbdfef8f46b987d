using FineTuneWorkflows.Activities.Visibility;
using FineTuneWorkflows.Workflows;
using FineTuneWorkflows.Workflows.Temporal;
using Temporalio.Client;
using Temporalio.Worker;

namespace FineTuneWorkflows.Tests.Replay.LiveServer;

/// <summary>
/// A worker process as the default deployment runs it, until disposed (which is how a test "kills"
/// it): the workflow and the real activities on the queue, and the activities again on its
/// long-work queue, each with slots of its own.
/// </summary>
public sealed class RunningWorker : IAsyncDisposable
{
    private readonly TemporalWorker[] workers;
    private readonly CancellationTokenSource stop = new();
    private readonly Task running;

    private RunningWorker(ITemporalClient client, string queue, IReadOnlyList<object> activities, int? slots)
    {
        var main = new TemporalWorkerOptions(queue).AddWorkflow<FineTuneWorkflow>()
            .AddWorkflow<WebhookDeliveryWorkflow>().AddAllActivities(typeof(VisibilityActivities), null)
            .AddWorkflow<FineTuneWorkflows.Workflows.Slots.SlotLimiterWorkflow>().AddAllActivities(typeof(FineTuneWorkflows.Activities.Slots.SlotActivities), null);
        var longWork = new TemporalWorkerOptions(LongWork.QueueFor(queue));
        foreach (var instance in activities)
        {
            main.AddAllActivities(instance);
            longWork.AddAllActivities(instance);
        }

        if (slots is { } n)
        {
            main.MaxConcurrentActivities = n;
            longWork.MaxConcurrentActivities = n;
        }

        workers = [new TemporalWorker(client, main), new TemporalWorker(client, longWork)];
        running = Task.WhenAll(workers.Select(w => w.ExecuteAsync(stop.Token)));
    }

    /// <param name="slots">Activity slots of each of its two workers; the SDK's default when null.</param>
    public static RunningWorker Start(ITemporalClient client, string queue, IReadOnlyList<object> activities, int? slots = null) => new(client, queue, activities, slots);

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        try
        {
            await running;
        }
        catch (OperationCanceledException)
        {
            // A worker stops by cancellation.
        }

        foreach (var worker in workers)
        {
            worker.Dispose();
        }

        stop.Dispose();
    }
}
