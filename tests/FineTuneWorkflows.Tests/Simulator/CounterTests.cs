using System.Text.Json;
using FineTuneWorkflows.Simulator.Faults;
using FineTuneWorkflows.Wire;

namespace FineTuneWorkflows.Tests.Simulator;

public class CounterTests
{
    [Fact]
    public async Task JobsCreatedFor_IdempotencyKeyHeader_CountsEachCreate()
    {
        await using var sim = await SimulatorSession.StartAsync();
        var body = new CreateFineTuningJobRequest { Model = "m", TrainingFile = "file-a" };

        for (var i = 0; i < 2; i++)
        {
            using var response = await sim.PostJsonAsync("fine_tuning/jobs", body, r => r.Headers.Add("Idempotency-Key", "key-1"));
            response.EnsureSuccessStatusCode();
        }

        Assert.Equal(2, sim.State.JobsCreatedFor("key-1"));
        Assert.Equal(0, sim.State.JobsCreatedFor("key-2"));
        Assert.Equal(2, sim.State.JobsCreated);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task JobsCreatedFor_MetadataKey_CountsEvenWhenMetadataIsDropped(bool dropMetadata)
    {
        await using var sim = await SimulatorSession.StartAsync(o => o.DropMetadata = dropMetadata);

        await sim.CreateJobAsync(metadata: new() { ["ftw_idempotency_key"] = "wf-42" });

        Assert.Equal(1, sim.State.JobsCreatedFor("wf-42"));
    }

    [Fact]
    public async Task CallsFor_JobId_CountsEveryRequestNamingTheJob()
    {
        await using var sim = await SimulatorSession.StartAsync();
        var job = await sim.CreateJobAsync();
        var other = await sim.CreateJobAsync();

        await sim.GetAsync<FineTuningJob>($"fine_tuning/jobs/{job.Id}");
        await sim.GetAsync<ListPage<JobEvent>>($"fine_tuning/jobs/{job.Id}/events");
        using (await sim.SendAsync(HttpMethod.Post, $"fine_tuning/jobs/{job.Id}/cancel", configure: r => r.Headers.Add(FaultInjection.Header, "500")))
        {
        }

        Assert.Equal(3, sim.State.CallsFor(job.Id));
        Assert.Equal(0, sim.State.CallsFor(other.Id));
        Assert.Equal(5, sim.State.TotalCalls);
    }

    [Fact]
    public async Task Jobs_Snapshot_ShowsCurrentStatusNewestFirst()
    {
        await using var sim = await SimulatorSession.StartAsync();
        var older = await sim.CreateJobAsync();
        sim.AdvancePastTheEnd();
        var newer = await sim.CreateJobAsync();

        var jobs = sim.State.Jobs;

        Assert.Equal([newer.Id, older.Id], jobs.Select(j => j.Id));
        Assert.Equal([JobStatus.ValidatingFiles, JobStatus.Succeeded], jobs.Select(j => j.Status));
    }

    [Fact]
    public async Task StatsRoute_AfterCreates_ReportsTheCountersAsJson()
    {
        await using var sim = await SimulatorSession.StartAsync();
        var job = await sim.CreateJobAsync(metadata: new() { ["ftw_idempotency_key"] = "k" });
        await sim.GetAsync<FineTuningJob>($"fine_tuning/jobs/{job.Id}");

        using var response = await sim.SendAsync(HttpMethod.Get, "/_sim/stats");
        using var stats = JsonDocument.Parse(await response.Content.ReadAsStringAsync(SimulatorSession.Ct));

        var root = stats.RootElement;
        Assert.Equal(1, root.GetProperty("jobs_created").GetInt64());
        Assert.Equal(3, root.GetProperty("total_calls").GetInt64());
        Assert.Equal(1, root.GetProperty("jobs_created_by_key").GetProperty("k").GetInt64());
        Assert.Equal(1, root.GetProperty("calls_by_job").GetProperty(job.Id).GetInt64());
    }
}
