using System.ClientModel;
using OpenAI;
using OpenAI.FineTuning;

#pragma warning disable OPENAI001 // The fine-tuning client is experimental in OpenAI 2.15.0; these tests pin its wire compatibility.

namespace FineTuneWorkflows.Tests.Simulator;

/// <summary>The official OpenAI .NET client, pointed at the simulator, must work unmodified.</summary>
public class OpenAIClientTests
{
    private static FineTuningClient ClientFor(SimulatorSession sim) =>
        new OpenAIClient(new ApiKeyCredential(SimulatorSession.Key), new OpenAIClientOptions { Endpoint = sim.Host.BaseUrl }).GetFineTuningClient();

    [Fact]
    public async Task FineTuneAsync_OfficialClient_CreatesAJob()
    {
        await using var sim = await SimulatorSession.StartAsync();

        var job = await ClientFor(sim).FineTuneAsync("gpt-4o-mini", "file-train", waitUntilCompleted: false, new FineTuningOptions { Suffix = "sdk" }, SimulatorSession.Ct);

        Assert.StartsWith("ftjob-", job.JobId, StringComparison.Ordinal);
        Assert.Equal(FineTuningStatus.ValidatingFiles, job.Status);
        Assert.Equal("gpt-4o-mini", job.BaseModel);
        Assert.Equal(1, sim.State.JobsCreated);
    }

    [Fact]
    public async Task GetJobAsync_OfficialClient_ReadsASucceededJob()
    {
        await using var sim = await SimulatorSession.StartAsync();
        var created = await sim.CreateJobAsync(suffix: "read");
        sim.AdvancePastTheEnd();

        var job = await ClientFor(sim).GetJobAsync(created.Id, SimulatorSession.Ct);

        Assert.Equal(created.Id, job.JobId);
        Assert.Equal(FineTuningStatus.Succeeded, job.Status);
        Assert.Equal("file-train", job.TrainingFileId);
        Assert.Equal([$"file-result-{created.Id[6..]}"], job.ResultFileIds);
        Assert.Equal("read", job.UserProvidedSuffix);
    }

    [Fact]
    public async Task GetJobsAsync_OfficialClient_ListsEveryJobAcrossPages()
    {
        await using var sim = await SimulatorSession.StartAsync();
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await sim.CreateJobAsync()).Id);
        }

        var listed = new List<string>();
        await foreach (var job in ClientFor(sim).GetJobsAsync(new FineTuningJobCollectionOptions { PageSize = 2 }, SimulatorSession.Ct))
        {
            listed.Add(job.JobId);
        }

        ids.Reverse();
        Assert.Equal(ids, listed);
    }

    [Fact]
    public async Task CancelAndUpdateAsync_OfficialClient_CancelsARunningJob()
    {
        await using var sim = await SimulatorSession.StartAsync();
        var created = await sim.CreateJobAsync();
        sim.Clock.Advance(TimeSpan.FromSeconds(5));
        var job = await ClientFor(sim).GetJobAsync(created.Id, SimulatorSession.Ct);
        Assert.Equal(FineTuningStatus.Running, job.Status);

        await job.CancelAndUpdateAsync(SimulatorSession.Ct);

        Assert.Equal(FineTuningStatus.Cancelled, job.Status);
        Assert.Equal("cancelled", sim.State.Jobs.Single().Status);
    }
}
