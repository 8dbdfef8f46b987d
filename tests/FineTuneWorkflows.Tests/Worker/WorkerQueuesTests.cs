using FineTuneWorkflows.Worker;
using FineTuneWorkflows.Workflows.Temporal;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Temporalio.Client;
using Temporalio.Extensions.Hosting;

namespace FineTuneWorkflows.Tests.Worker;

/// <summary>
/// Which task queues a worker process polls, and with how many slots: result downloads have a
/// queue and slots of their own, so they cannot starve creates, cancels and checks.
/// </summary>
public class WorkerQueuesTests
{
    private static readonly string[] Queues = ["jobs", "jobs-long"];

    private static ServiceProvider Services(WorkerQueues queues)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Provider:Kind"] = "OpenAI",
            ["Provider:ApiKey"] = "sk-test",
        }).Build();
        var settings = new TemporalSettings { TaskQueue = "jobs", Queues = queues, MaxConcurrentActivities = 150, MaxConcurrentLongActivities = 7 };
        var client = TemporalClient.CreateLazy(new TemporalClientConnectOptions("localhost:7233"));
        return new ServiceCollection().AddLogging().AddFineTuneWorker(configuration, settings, client).BuildServiceProvider();
    }

    /// <summary>Each hosted worker's options, by task queue.</summary>
    private static Dictionary<string, TemporalWorkerServiceOptions> Workers(WorkerQueues queues)
    {
        using var services = Services(queues);
        var options = services.GetRequiredService<IOptionsMonitor<TemporalWorkerServiceOptions>>();
        var hosted = services.GetServices<IHostedService>().OfType<TemporalWorkerService>().Count();
        var workers = Queues
            .Select(queue => (queue, options: options.Get(queue)))
            .Where(w => w.options.TaskQueue == w.queue)
            .ToDictionary(w => w.queue, w => w.options);
        Assert.Equal(hosted, workers.Count);
        return workers;
    }

    [Fact]
    public void Both_PollsTheWorkflowQueueAndTheLongWorkQueueWithSlotsOfTheirOwn()
    {
        var workers = Workers(WorkerQueues.Both);

        Assert.Equal(["jobs", "jobs-long"], workers.Keys.Order());
        Assert.Equal(150, workers["jobs"].MaxConcurrentActivities);
        Assert.Equal(7, workers["jobs-long"].MaxConcurrentActivities);
        Assert.NotEmpty(workers["jobs"].Workflows);
        Assert.Empty(workers["jobs-long"].Workflows);
        Assert.Contains(workers["jobs-long"].Activities, a => a.Name == "RetrieveResultFiles");
    }

    [Fact]
    public void Short_PollsOnlyTheWorkflowQueue() =>
        Assert.Equal(["jobs"], Workers(WorkerQueues.Short).Keys);

    [Fact]
    public void Long_PollsOnlyTheLongWorkQueue() =>
        Assert.Equal(["jobs-long"], Workers(WorkerQueues.Long).Keys);

    [Fact]
    public void LongWork_QueueIsNamedAfterTheWorkflows() =>
        Assert.Equal("fine-tuning-long", LongWork.QueueFor("fine-tuning"));
}
