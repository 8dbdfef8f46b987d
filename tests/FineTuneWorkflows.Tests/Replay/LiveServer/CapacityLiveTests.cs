using FineTuneWorkflows.Activities.Polling;
using FineTuneWorkflows.Tests.Support;
using FineTuneWorkflows.Wire;
using FineTuneWorkflows.Workflows;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace FineTuneWorkflows.Tests.Replay.LiveServer;

/// <summary>
/// Capacity on a real Temporal server: the simulator allows three active jobs of a model, and the
/// worker's <c>Provider:Limits</c> says the same. Skipped, with the reason, where no server can be
/// had (<see cref="LiveTemporal"/>).
/// </summary>
public class CapacityLiveTests
{
    private static readonly PollPolicy Quick = new() { MinInterval = TimeSpan.FromMilliseconds(200), QuickMaxInterval = TimeSpan.FromMilliseconds(500), MaxInterval = TimeSpan.FromMilliseconds(500), HeartbeatInterval = TimeSpan.FromMilliseconds(500) };

    private static async Task<ProviderRig> CappedAsync(TimeSpan phase, int active)
    {
        var simulator = ProviderRig.QuickJobs(phase);
        simulator.MaxActiveJobs = active;
        var provider = await ProviderRig.StartAsync(simulator);
        provider.Options.Limits.Default = active;
        return provider;
    }

    private static Task<WorkflowHandle<FineTuneWorkflow, FineTuneResult>> Start(ITemporalClient client, string queue, int n) =>
        client.StartWorkflowAsync(
            (FineTuneWorkflow wf) => wf.RunAsync(new FineTuneInput { Request = new() { Model = "gpt-4o-mini-2024-07-18", TrainingFile = "file-train", Suffix = $"n{n}" }, Options = new(Quick) }),
            new WorkflowOptions($"fine-tune-{n:D2}-{Guid.NewGuid():N}", queue));

    /// <summary>Why the fine-tune waits, once it does (asked for up to 20 s); null if it never did.</summary>
    private static async Task<CapacityWait?> WaitingAsync(WorkflowHandle<FineTuneWorkflow, FineTuneResult> handle)
    {
        for (var i = 0; i < 100; i++)
        {
            if (await handle.QueryAsync(wf => wf.Capacity) is { } wait)
            {
                return wait;
            }

            await Task.Delay(200, TestContext.Current.CancellationToken);
        }

        return null;
    }

    [Fact]
    public async Task Live_TenJobsThreeSlots_AllSucceedInArrivalOrder_NeverMoreThanThreeActive()
    {
        await using var temporal = await LiveTemporal.StartOrSkipAsync();
        await using var provider = await CappedAsync(TimeSpan.FromSeconds(2), active: 3);
        var queue = $"live-{Guid.NewGuid():N}";
        await using var worker = RunningWorker.Start(temporal.Client, queue, provider.Activities);

        var handles = new List<WorkflowHandle<FineTuneWorkflow, FineTuneResult>>();
        for (var n = 0; n < 10; n++)
        {
            handles.Add(await Start(temporal.Client, queue, n));
        }

        var results = new List<FineTuneResult>();
        foreach (var handle in handles)
        {
            results.Add(await handle.GetResultAsync().WaitAsync(TimeSpan.FromMinutes(5), TestContext.Current.CancellationToken));
        }

        Assert.All(results, r => Assert.Equal(JobStatus.Succeeded, r.Status));
        var stats = provider.State.Stats();
        Assert.Equal(10, stats.JobsCreated);
        Assert.True(stats.PeakActiveJobs["gpt-4o-mini-2024-07-18"] <= 3, $"{stats.PeakActiveJobs["gpt-4o-mini-2024-07-18"]} active at once");
        Assert.Equal(0, stats.CapacityRefusals);

        // Made in arrival order: the provider lists newest first.
        var madeInOrder = provider.State.Jobs.Reverse().Select(j => j.Suffix).ToList();
        Assert.Equal(Enumerable.Range(0, 10).Select(n => $"n{n}"), madeInOrder);
    }

    [Fact]
    public async Task Live_CancelWhileWaitingForASlot_EndsAtOnceWithNoProviderJob()
    {
        await using var temporal = await LiveTemporal.StartOrSkipAsync();
        await using var provider = await CappedAsync(TimeSpan.FromMinutes(5), active: 1);
        var queue = $"live-{Guid.NewGuid():N}";
        await using var worker = RunningWorker.Start(temporal.Client, queue, provider.Activities);

        var first = await Start(temporal.Client, queue, 0);
        var waiting = await Start(temporal.Client, queue, 1);
        var wait = await WaitingAsync(waiting);

        await waiting.CancelAsync();
        var failure = await Assert.ThrowsAsync<WorkflowFailedException>(() => waiting.GetResultAsync().WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken));

        Assert.Equal(CapacityWait.LocalLimit, wait?.Reason);
        Assert.IsType<CanceledFailureException>(failure.InnerException);
        Assert.Equal(1, provider.State.JobsCreated);
        await first.TerminateAsync("test over");
    }

    [Fact]
    public async Task Live_ProviderCapWithoutLocalLimits_TheRefusedWaitAndAllSucceed()
    {
        await using var temporal = await LiveTemporal.StartOrSkipAsync();
        await using var provider = await CappedAsync(TimeSpan.FromSeconds(2), active: 1);
        provider.Options.Limits.Default = null;
        var queue = $"live-{Guid.NewGuid():N}";
        await using var worker = RunningWorker.Start(temporal.Client, queue, provider.Activities);

        var handles = new[] { await Start(temporal.Client, queue, 0), await Start(temporal.Client, queue, 1) };
        var wait = await WaitingAsync(handles[1]);

        // The refused one waits at least four minutes (5 min × 0.8 at the least) before it asks again.
        var results = await Task.WhenAll(handles.Select(h => h.GetResultAsync().WaitAsync(TimeSpan.FromMinutes(10), TestContext.Current.CancellationToken)));

        Assert.Equal(CapacityWait.ActiveJobs, wait?.Reason);
        Assert.All(results, r => Assert.Equal(JobStatus.Succeeded, r.Status));
        Assert.Equal(1, provider.State.Stats().PeakActiveJobs["gpt-4o-mini-2024-07-18"]);
        Assert.True(provider.State.Stats().CapacityRefusals >= 1);
    }
}
