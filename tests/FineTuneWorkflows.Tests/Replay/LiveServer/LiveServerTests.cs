using FineTuneWorkflows.Activities.Polling;
using FineTuneWorkflows.Tests.Support;
using FineTuneWorkflows.Wire;
using FineTuneWorkflows.Workflows;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace FineTuneWorkflows.Tests.Replay.LiveServer;

/// <summary>
/// The workflow on a real Temporal server with real workers, the real activities and the provider
/// simulator over loopback HTTP. Skipped, with the reason, where no server can be had (see
/// <see cref="LiveTemporal"/>).
/// </summary>
public class LiveServerTests
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(3);

    /// <summary>Polls often enough for phases of a few seconds.</summary>
    private static readonly PollPolicy Quick = new() { MinInterval = TimeSpan.FromMilliseconds(200), QuickMaxInterval = TimeSpan.FromMilliseconds(500), MaxInterval = TimeSpan.FromMilliseconds(500), HeartbeatInterval = TimeSpan.FromMilliseconds(500) };

    [Fact]
    public async Task Live_HappyPath_CompletesWithTheJobsResult()
    {
        await using var temporal = await LiveTemporal.StartOrSkipAsync();
        await using var provider = await ProviderRig.StartAsync(ProviderRig.QuickJobs(Step));
        var queue = $"live-{Guid.NewGuid():N}";
        await using var worker = RunningWorker.Start(temporal.Client, queue, provider.Activities);

        var handle = await Start(temporal.Client, queue);
        var result = await handle.GetResultAsync();

        Assert.Equal(JobStatus.Succeeded, result.Status);
        Assert.Equal(100, result.Metrics!.Rows);
        // The result file, and the loss curve drawn from it.
        Assert.Equal(3, result.Artifacts.Count);
        Assert.All(result.Artifacts, a => Assert.True(File.Exists(a.Location)));
        Assert.Equal([JobStatus.ValidatingFiles, JobStatus.Queued, JobStatus.Running, JobStatus.Succeeded], result.Timeline.Select(t => t.Status));
        Assert.Equal(1, provider.State.JobsCreated);
    }

    [Fact]
    public async Task Live_WorkerKilledMidWait_NewWorkerFinishesWithExactlyOneProviderJob()
    {
        await using var temporal = await LiveTemporal.StartOrSkipAsync();
        await using var provider = await ProviderRig.StartAsync(ProviderRig.QuickJobs(Step));
        var queue = $"live-{Guid.NewGuid():N}";
        var first = RunningWorker.Start(temporal.Client, queue, provider.Activities);

        var handle = await Start(temporal.Client, queue);
        await WaitForStatusAsync(handle, JobStatus.Queued);
        await first.DisposeAsync();

        await using var second = RunningWorker.Start(temporal.Client, queue, provider.Activities);
        var result = await handle.GetResultAsync();

        Assert.Equal(JobStatus.Succeeded, result.Status);
        Assert.Equal(1, provider.State.JobsCreated);
    }

    [Fact]
    public async Task Live_CancelFromClient_CancelsTheProviderJobAndEndsCancelled()
    {
        await using var temporal = await LiveTemporal.StartOrSkipAsync();
        await using var provider = await ProviderRig.StartAsync(ProviderRig.QuickJobs(TimeSpan.FromMinutes(5)));
        var queue = $"live-{Guid.NewGuid():N}";
        await using var worker = RunningWorker.Start(temporal.Client, queue, provider.Activities);

        var handle = await Start(temporal.Client, queue);
        await WaitForStatusAsync(handle, JobStatus.ValidatingFiles);
        await handle.CancelAsync();

        var failure = await Assert.ThrowsAsync<WorkflowFailedException>(() => handle.GetResultAsync());
        Assert.IsType<CanceledFailureException>(failure.InnerException);
        var job = (await handle.QueryAsync(wf => wf.Job))!;
        Assert.Equal(JobStatus.Cancelled, provider.State.Jobs.Single(j => j.Id == job.Id).Status);
        Assert.Equal(1, provider.State.JobsCreated);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Live_ResetToTheFirstTaskAfterTheJobWasMade_FollowsThatJobAndMakesNoSecond(bool providerDropsMetadata)
    {
        await using var temporal = await LiveTemporal.StartOrSkipAsync();
        await using var provider = await ProviderRig.StartAsync(ProviderRig.QuickJobs(Step));
        provider.DropMetadata(providerDropsMetadata);
        var queue = $"live-{Guid.NewGuid():N}";
        await using var worker = RunningWorker.Start(temporal.Client, queue, provider.Activities);
        var handle = await Start(temporal.Client, queue);
        await WaitForStatusAsync(handle, JobStatus.ValidatingFiles);

        // An operator resets the workflow to its first task: the new run starts over, with a new run id.
        var history = await handle.FetchHistoryAsync();
        var firstTask = history.Events.First(e => e.EventType == Temporalio.Api.Enums.V1.EventType.WorkflowTaskCompleted).EventId;
        var reset = await temporal.Client.WorkflowService.ResetWorkflowExecutionAsync(new()
        {
            Namespace = temporal.Client.Options.Namespace,
            WorkflowExecution = new() { WorkflowId = handle.Id },
            WorkflowTaskFinishEventId = firstTask,
            Reason = "live test: reset after the job was made",
            RequestId = Guid.NewGuid().ToString(),
        });
        var result = await temporal.Client.GetWorkflowHandle<FineTuneWorkflow, FineTuneResult>(handle.Id, reset.RunId).GetResultAsync();

        Assert.Equal(JobStatus.Succeeded, result.Status);
        Assert.Equal(1, provider.State.JobsCreated);
    }

    [Fact]
    public async Task Live_SearchAttributes_FindTheWorkflowByJobIdAndStatus()
    {
        await using var temporal = await LiveTemporal.StartOrSkipAsync();
        await using var provider = await ProviderRig.StartAsync(ProviderRig.QuickJobs(TimeSpan.FromSeconds(1)));
        var queue = $"live-{Guid.NewGuid():N}";
        await using var worker = RunningWorker.Start(temporal.Client, queue, provider.Activities);

        var handle = await Start(temporal.Client, queue);
        var result = await handle.GetResultAsync();

        // Visibility is eventually consistent: ask until it answers, for a while.
        var query = $"FineTuneJobId = '{result.JobId}' AND FineTuneStatus = 'succeeded' AND FineTuneProvider = 'openai'";
        var found = new List<WorkflowExecution>();
        for (var i = 0; i < 50 && found.Count == 0; i++)
        {
            await foreach (var execution in temporal.Client.ListWorkflowsAsync(query))
            {
                found.Add(execution);
            }

            await Task.Delay(200, TestContext.Current.CancellationToken);
        }

        Assert.Equal(handle.Id, Assert.Single(found).Id);
    }

    /// <summary>
    /// Three times as many jobs as the worker has activity slots, each waiting for hours: every
    /// create still runs (a wait holds no slot between checks), and a cancel ends its job at once.
    /// With the heartbeating wait the fifth create would queue behind four waits until one job ended.
    /// </summary>
    [Fact]
    public async Task Live_MoreJobsThanActivitySlots_CreatesAndCancelsAreNotStarved()
    {
        const int slots = 4;
        await using var temporal = await LiveTemporal.StartOrSkipAsync();
        await using var provider = await ProviderRig.StartAsync(ProviderRig.QuickJobs(TimeSpan.FromHours(5)));
        var queue = $"live-{Guid.NewGuid():N}";
        await using var worker = RunningWorker.Start(temporal.Client, queue, provider.Activities, slots);

        var handles = new List<WorkflowHandle<FineTuneWorkflow, FineTuneResult>>();
        for (var i = 0; i < 3 * slots; i++)
        {
            handles.Add(await Start(temporal.Client, queue));
        }

        foreach (var handle in handles)
        {
            await WaitForStatusAsync(handle, JobStatus.ValidatingFiles);
        }

        Assert.Equal(3 * slots, provider.State.JobsCreated);
        var last = handles[^1];
        await last.CancelAsync();
        var failure = await Assert.ThrowsAsync<WorkflowFailedException>(() => last.GetResultAsync().WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken));
        Assert.IsType<CanceledFailureException>(failure.InnerException);
        var job = (await last.QueryAsync(wf => wf.Job))!;
        Assert.Equal(JobStatus.Cancelled, provider.State.Jobs.Single(j => j.Id == job.Id).Status);
        foreach (var handle in handles[..^1])
        {
            await handle.TerminateAsync("test over");
        }
    }

    private static Task<WorkflowHandle<FineTuneWorkflow, FineTuneResult>> Start(ITemporalClient client, string queue) =>
        client.StartWorkflowAsync(
            (FineTuneWorkflow wf) => wf.RunAsync(new FineTuneInput { Request = new() { Model = "gpt-4o-mini-2024-07-18", TrainingFile = "file-train" }, Options = new(Quick) }),
            new WorkflowOptions($"fine-tune-{Guid.NewGuid():N}", queue));

    private static async Task WaitForStatusAsync(WorkflowHandle<FineTuneWorkflow, FineTuneResult> handle, string status)
    {
        for (var i = 0; i < 100; i++)
        {
            var timeline = await handle.QueryAsync(wf => wf.Timeline);
            if (timeline.Any(t => t.Status == status))
            {
                return;
            }

            await Task.Delay(200, TestContext.Current.CancellationToken);
        }

        Assert.Fail($"the job never reached {status}");
    }
}
