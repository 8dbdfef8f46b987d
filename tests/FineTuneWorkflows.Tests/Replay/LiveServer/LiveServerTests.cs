using FineTuneWorkflows.Activities.Provider;
using FineTuneWorkflows.Workflows;
using Temporalio.Client;
using Temporalio.Exceptions;
using Temporalio.Worker;

namespace FineTuneWorkflows.Tests.Replay.LiveServer;

/// <summary>
/// The workflow on a real Temporal server with real workers. Skipped, with the reason, where no
/// server can be had (see <see cref="LiveTemporal"/>).
/// </summary>
public class LiveServerTests
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task Live_HappyPath_CompletesWithTheJobsResult()
    {
        await using var temporal = await LiveTemporal.StartOrSkipAsync();
        var provider = new FakeProvider(Step);
        var queue = $"live-{Guid.NewGuid():N}";
        await using var worker = RunningWorker.Start(temporal.Client, queue, provider);

        var handle = await Start(temporal.Client, queue);
        var result = await handle.GetResultAsync();

        Assert.Equal(JobStatus.Succeeded, result.Status);
        Assert.Equal([JobStatus.ValidatingFiles, JobStatus.Queued, JobStatus.Running, JobStatus.Succeeded], result.Timeline.Select(t => t.Status));
        Assert.Equal(1, provider.JobsCreated);
    }

    [Fact]
    public async Task Live_WorkerKilledMidWait_NewWorkerFinishesWithExactlyOneProviderJob()
    {
        await using var temporal = await LiveTemporal.StartOrSkipAsync();
        var provider = new FakeProvider(Step);
        var queue = $"live-{Guid.NewGuid():N}";
        var first = RunningWorker.Start(temporal.Client, queue, provider);

        var handle = await Start(temporal.Client, queue);
        await WaitForStatusAsync(handle, JobStatus.Queued);
        await first.DisposeAsync();

        await using var second = RunningWorker.Start(temporal.Client, queue, provider);
        var result = await handle.GetResultAsync();

        Assert.Equal(JobStatus.Succeeded, result.Status);
        Assert.Equal(1, provider.JobsCreated);
    }

    [Fact]
    public async Task Live_CancelFromClient_CancelsTheProviderJobAndEndsCancelled()
    {
        await using var temporal = await LiveTemporal.StartOrSkipAsync();
        var provider = new FakeProvider(TimeSpan.FromMinutes(5));
        var queue = $"live-{Guid.NewGuid():N}";
        await using var worker = RunningWorker.Start(temporal.Client, queue, provider);

        var handle = await Start(temporal.Client, queue);
        await WaitForStatusAsync(handle, JobStatus.ValidatingFiles);
        await handle.CancelAsync();

        var failure = await Assert.ThrowsAsync<WorkflowFailedException>(() => handle.GetResultAsync());
        Assert.IsType<CanceledFailureException>(failure.InnerException);
        var job = (await handle.QueryAsync(wf => wf.Job))!;
        Assert.True(provider.WasCancelled(job.Id));
        Assert.Equal(1, provider.JobsCreated);
    }

    [Fact]
    public async Task Live_SearchAttributes_FindTheWorkflowByJobIdAndStatus()
    {
        await using var temporal = await LiveTemporal.StartOrSkipAsync();
        var provider = new FakeProvider(TimeSpan.FromSeconds(1));
        var queue = $"live-{Guid.NewGuid():N}";
        await using var worker = RunningWorker.Start(temporal.Client, queue, provider);

        var handle = await Start(temporal.Client, queue);
        var result = await handle.GetResultAsync();

        // Visibility is eventually consistent: ask until it answers, for a while.
        var query = $"FineTuneJobId = '{result.JobId}' AND FineTuneStatus = 'succeeded' AND FineTuneProvider = 'fake'";
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

    private static Task<WorkflowHandle<FineTuneWorkflow, FineTuneResult>> Start(ITemporalClient client, string queue) =>
        client.StartWorkflowAsync(
            (FineTuneWorkflow wf) => wf.RunAsync(new FineTuneInput { Request = new() { Model = "gpt-4o-mini-2024-07-18", TrainingFile = "file-train" } }),
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
