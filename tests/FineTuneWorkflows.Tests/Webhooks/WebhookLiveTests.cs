using FineTuneWorkflows.Activities.Polling;
using FineTuneWorkflows.Tests.Replay.LiveServer;
using FineTuneWorkflows.Tests.Starter;
using FineTuneWorkflows.Tests.Support;
using FineTuneWorkflows.Wire;
using FineTuneWorkflows.Workflows;
using Temporalio.Client;

namespace FineTuneWorkflows.Tests.Webhooks;

/// <summary>
/// From the simulator's webhook to a completed workflow, on a real Temporal server (skipped,
/// with the reason, where none can be had): the job's checks are ten minutes apart, so only the
/// webhook can end the run within the test's minute.
/// </summary>
public class WebhookLiveTests
{
    private static readonly PollPolicy TenMinutes = new()
    {
        MinInterval = TimeSpan.FromMinutes(10),
        QuickMaxInterval = TimeSpan.FromMinutes(10),
        MaxInterval = TimeSpan.FromMinutes(10),
    };

    [Fact]
    public async Task Live_SimulatorWebhook_EndsTheWaitAndTheRun()
    {
        await using var temporal = await LiveTemporal.StartOrSkipAsync();
        await using var provider = await ProviderRig.StartAsync(ProviderRig.QuickJobs(TimeSpan.FromSeconds(2)));
        var queue = $"live-{Guid.NewGuid():N}";
        await using var worker = RunningWorker.Start(temporal.Client, queue, provider.Activities);
        await using var starter = KestrelStarter.With(
            new Dictionary<string, string?>
            {
                ["Temporal:TaskQueue"] = queue,
                ["Webhooks:Sources:openai:Secrets:0"] = WebhookSignatureTests.SecretA,
            },
            temporal.Client);
        provider.Simulator.Options.Webhooks.Urls = [new Uri(starter.Address, "/v1/webhooks/openai").ToString()];
        provider.Simulator.Options.Webhooks.Secret = WebhookSignatureTests.SecretA;
        provider.Simulator.StartWebhooks();

        var handle = await temporal.Client.StartWorkflowAsync(
            (FineTuneWorkflow wf) => wf.RunAsync(new FineTuneInput { Request = new() { Model = "gpt-4o-mini-2024-07-18", TrainingFile = "file-train" }, Options = new(TenMinutes) }),
            new WorkflowOptions($"fine-tune-{Guid.NewGuid():N}", queue));
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var result = await handle.GetResultAsync(rpcOptions: new() { CancellationToken = deadline.Token });

        Assert.Equal(JobStatus.Succeeded, result.Status);
        Assert.Equal(1, provider.Simulator.Webhooks.Stats.Accepted);
        Assert.Equal(1, provider.State.JobsCreated);
    }
}
