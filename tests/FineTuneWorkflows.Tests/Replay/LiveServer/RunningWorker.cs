using FineTuneWorkflows.Activities;
using FineTuneWorkflows.Workflows;
using Temporalio.Client;
using Temporalio.Worker;

namespace FineTuneWorkflows.Tests.Replay.LiveServer;

/// <summary>A worker running the workflow and the real activities until disposed (which is how a test "kills" it).</summary>
public sealed class RunningWorker : IAsyncDisposable
{
    private readonly TemporalWorker worker;
    private readonly CancellationTokenSource stop = new();
    private readonly Task running;

    private RunningWorker(ITemporalClient client, string queue, FineTuningActivities activities)
    {
        worker = new TemporalWorker(client, new TemporalWorkerOptions(queue).AddWorkflow<FineTuneWorkflow>().AddAllActivities(activities));
        running = worker.ExecuteAsync(stop.Token);
    }

    public static RunningWorker Start(ITemporalClient client, string queue, FineTuningActivities activities) => new(client, queue, activities);

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

        worker.Dispose();
        stop.Dispose();
    }
}
