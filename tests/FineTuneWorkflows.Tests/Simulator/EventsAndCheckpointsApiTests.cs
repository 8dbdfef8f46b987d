using FineTuneWorkflows.Wire;

namespace FineTuneWorkflows.Tests.Simulator;

public class EventsAndCheckpointsApiTests
{
    [Fact]
    public async Task ListEvents_NewJob_ShowsOnlyEventsUpToNowNewestFirst()
    {
        await using var sim = await SimulatorSession.StartAsync();
        var job = await sim.CreateJobAsync();

        var page = await sim.GetAsync<ListPage<JobEvent>>($"fine_tuning/jobs/{job.Id}/events");

        Assert.Equal(["Validating training file: file-train", $"Created fine-tuning job: {job.Id}"], page.Data.Select(e => e.Message));
        Assert.Equal([$"ftevent-1-{job.Id[6..]}", $"ftevent-0-{job.Id[6..]}"], page.Data.Select(e => e.Id));
        Assert.All(page.Data, e => Assert.Equal("fine_tuning.job.event", e.Object));
    }

    [Fact]
    public async Task ListEvents_Succeeded_EndsWithCompletedAndHasMetrics()
    {
        await using var sim = await SimulatorSession.StartAsync();
        var job = await sim.CreateJobAsync();
        sim.AdvancePastTheEnd();

        var page = await sim.GetAsync<ListPage<JobEvent>>($"fine_tuning/jobs/{job.Id}/events?limit=100");

        Assert.Equal("The job has successfully completed", page.Data[0].Message);
        Assert.Contains(page.Data, e => e.Type == "metrics" && e.Data is not null && e.Message!.StartsWith("Step ", StringComparison.Ordinal));
        Assert.False(page.HasMore);
    }

    [Fact]
    public async Task ListEvents_AfterAnEventId_ReturnsOlderEvents()
    {
        await using var sim = await SimulatorSession.StartAsync();
        var job = await sim.CreateJobAsync();
        sim.AdvancePastTheEnd();
        var all = await sim.GetAsync<ListPage<JobEvent>>($"fine_tuning/jobs/{job.Id}/events?limit=100");

        var first = await sim.GetAsync<ListPage<JobEvent>>($"fine_tuning/jobs/{job.Id}/events?limit=3");
        var next = await sim.GetAsync<ListPage<JobEvent>>($"fine_tuning/jobs/{job.Id}/events?limit=3&after={first.Data[^1].Id}");

        Assert.True(first.HasMore);
        Assert.Equal(all.Data.Skip(3).Take(3).Select(e => e.Id), next.Data.Select(e => e.Id));
    }

    [Fact]
    public async Task ListEvents_UnknownJob_Returns404()
    {
        await using var sim = await SimulatorSession.StartAsync();

        using var response = await sim.SendAsync(HttpMethod.Get, "fine_tuning/jobs/ftjob-missing/events");

        await SimulatorSession.ReadErrorAsync(response, 404);
    }

    [Fact]
    public async Task ListCheckpoints_Succeeded_ReturnsThreeNewestFirst()
    {
        await using var sim = await SimulatorSession.StartAsync();
        var job = await sim.CreateJobAsync(suffix: "ck");
        sim.AdvancePastTheEnd();

        var page = await sim.GetAsync<ListPage<JobCheckpoint>>($"fine_tuning/jobs/{job.Id}/checkpoints");

        Assert.Equal([100L, 66L, 33L], page.Data.Select(c => c.StepNumber!.Value));
        Assert.All(page.Data, c =>
        {
            Assert.Equal(job.Id, c.FineTuningJobId);
            Assert.StartsWith($"ft:gpt-4o-mini:sim-org:ck:{job.Id[6..14]}", c.FineTunedModelCheckpoint, StringComparison.Ordinal);
            Assert.True(c.Metrics?["train_loss"] > 0);
        });
    }

    [Fact]
    public async Task ListCheckpoints_AfterAndLimit_PagesOlderCheckpoints()
    {
        await using var sim = await SimulatorSession.StartAsync();
        var job = await sim.CreateJobAsync();
        sim.AdvancePastTheEnd();

        var first = await sim.GetAsync<ListPage<JobCheckpoint>>($"fine_tuning/jobs/{job.Id}/checkpoints?limit=1");
        var rest = await sim.GetAsync<ListPage<JobCheckpoint>>($"fine_tuning/jobs/{job.Id}/checkpoints?after={first.Data[0].Id}");

        Assert.True(first.HasMore);
        Assert.Equal([66L, 33L], rest.Data.Select(c => c.StepNumber!.Value));
    }

    [Fact]
    public async Task ListCheckpoints_CancelledEarly_HasNone()
    {
        await using var sim = await SimulatorSession.StartAsync();
        var job = await sim.CreateJobAsync();
        (await sim.SendAsync(HttpMethod.Post, $"fine_tuning/jobs/{job.Id}/cancel")).Dispose();
        sim.AdvancePastTheEnd();

        var page = await sim.GetAsync<ListPage<JobCheckpoint>>($"fine_tuning/jobs/{job.Id}/checkpoints");

        Assert.Empty(page.Data);
    }
}
