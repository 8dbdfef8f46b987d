using FineTuneWorkflows.Wire;

namespace FineTuneWorkflows.Tests.Simulator;

public class JobsApiTests
{
    [Fact]
    public async Task CreateJob_ValidRequest_ReturnsValidatingFilesJobWithProviderShapedId()
    {
        await using var sim = await SimulatorSession.StartAsync();

        var job = await sim.CreateJobAsync(metadata: new() { ["team"] = "a" });

        Assert.Matches("^ftjob-[A-Za-z0-9]{24}$", job.Id);
        Assert.Equal(JobStatus.ValidatingFiles, job.Status);
        Assert.Equal("fine_tuning.job", job.Object);
        Assert.Equal(sim.Clock.GetUtcNow().ToUnixTimeSeconds(), job.CreatedAt);
        Assert.Equal("a", job.Metadata?["team"]);
        Assert.Null(job.FinishedAt);
    }

    [Fact]
    public async Task RetrieveJob_AsTheClockAdvances_WalksEveryPhaseToSucceeded()
    {
        await using var sim = await SimulatorSession.StartAsync();
        var created = await sim.CreateJobAsync(suffix: "mine");
        var path = $"fine_tuning/jobs/{created.Id}";

        sim.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(JobStatus.Queued, (await sim.GetAsync<FineTuningJob>(path)).Status);

        sim.Clock.Advance(TimeSpan.FromSeconds(2));
        var running = await sim.GetAsync<FineTuningJob>(path);
        Assert.Equal(JobStatus.Running, running.Status);
        Assert.Equal(created.CreatedAt + 13, running.EstimatedFinish);

        sim.Clock.Advance(TimeSpan.FromSeconds(10));
        var done = await sim.GetAsync<FineTuningJob>(path);
        Assert.Equal(JobStatus.Succeeded, done.Status);
        Assert.Equal(created.CreatedAt + 13, done.FinishedAt);
        Assert.True(done.TrainedTokens > 0);
        Assert.Equal($"ft:gpt-4o-mini:sim-org:mine:{created.Id[6..14]}", done.FineTunedModel);
        Assert.Equal([$"file-result-{created.Id[6..]}"], done.ResultFiles);
    }

    [Fact]
    public async Task RetrieveJob_TrainingFileNamedFail_FailsAfterValidationWithInvalidTrainingFile()
    {
        await using var sim = await SimulatorSession.StartAsync();
        var created = await sim.CreateJobAsync(trainingFile: "file-please-fail");

        sim.Clock.Advance(TimeSpan.FromSeconds(1));
        var job = await sim.GetAsync<FineTuningJob>($"fine_tuning/jobs/{created.Id}");

        Assert.Equal(JobStatus.Failed, job.Status);
        Assert.Equal("invalid_training_file", job.Error?.Code);
        Assert.Equal("training_file", job.Error?.Param);
        Assert.False(string.IsNullOrEmpty(job.Error?.Message));
        Assert.Equal(created.CreatedAt + 1, job.FinishedAt);
    }

    [Fact]
    public async Task RetrieveJob_UnknownId_Returns404Envelope()
    {
        await using var sim = await SimulatorSession.StartAsync();

        using var response = await sim.SendAsync(HttpMethod.Get, "fine_tuning/jobs/ftjob-doesnotexist");

        var error = await SimulatorSession.ReadErrorAsync(response, 404);
        Assert.Equal("fine_tune_not_found", error.Code);
        Assert.Equal("invalid_request_error", error.Type);
    }

    [Fact]
    public async Task ListJobs_WithLimitAndAfter_PagesNewestFirst()
    {
        await using var sim = await SimulatorSession.StartAsync();
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await sim.CreateJobAsync()).Id);
        }

        ids.Reverse();

        var first = await sim.GetAsync<ListPage<FineTuningJob>>("fine_tuning/jobs?limit=2");
        var second = await sim.GetAsync<ListPage<FineTuningJob>>($"fine_tuning/jobs?limit=2&after={first.Data[^1].Id}");
        var last = await sim.GetAsync<ListPage<FineTuningJob>>($"fine_tuning/jobs?limit=2&after={second.Data[^1].Id}");

        Assert.Equal(ids[..2], first.Data.Select(j => j.Id));
        Assert.True(first.HasMore);
        Assert.Equal(ids[2..4], second.Data.Select(j => j.Id));
        Assert.True(second.HasMore);
        Assert.Equal(ids[4..], last.Data.Select(j => j.Id));
        Assert.False(last.HasMore);
        Assert.Equal("list", first.Object);
    }

    [Fact]
    public async Task ListJobs_NoLimit_ReturnsTwentyAndHasMore()
    {
        await using var sim = await SimulatorSession.StartAsync();
        for (var i = 0; i < 21; i++)
        {
            await sim.CreateJobAsync();
        }

        var page = await sim.GetAsync<ListPage<FineTuningJob>>("fine_tuning/jobs");

        Assert.Equal(20, page.Data.Count);
        Assert.True(page.HasMore);
    }

    [Theory]
    [InlineData("fine_tuning/jobs?metadata[team]=a")]
    [InlineData("fine_tuning/jobs?metadata%5Bteam%5D=a")]
    public async Task ListJobs_MetadataFilter_ReturnsOnlyJobsMatchingTheFilter(string query)
    {
        await using var sim = await SimulatorSession.StartAsync();
        var a = await sim.CreateJobAsync(metadata: new() { ["team"] = "a" });
        await sim.CreateJobAsync(metadata: new() { ["team"] = "b" });
        await sim.CreateJobAsync();

        var page = await sim.GetAsync<ListPage<FineTuningJob>>(query);

        Assert.Equal([a.Id], page.Data.Select(j => j.Id));
    }

    [Fact]
    public async Task ListJobs_SeveralMetadataPairs_RequiresEveryPairToMatch()
    {
        await using var sim = await SimulatorSession.StartAsync();
        var both = await sim.CreateJobAsync(metadata: new() { ["team"] = "a", ["run"] = "7" });
        await sim.CreateJobAsync(metadata: new() { ["team"] = "a", ["run"] = "8" });

        var page = await sim.GetAsync<ListPage<FineTuningJob>>("fine_tuning/jobs?metadata[team]=a&metadata[run]=7");

        Assert.Equal([both.Id], page.Data.Select(j => j.Id));
    }

    [Fact]
    public async Task CreateJob_DropMetadata_StoresTheJobWithoutMetadata()
    {
        await using var sim = await SimulatorSession.StartAsync(o => o.DropMetadata = true);

        var job = await sim.CreateJobAsync(metadata: new() { ["team"] = "a" });

        Assert.Null(job.Metadata);
        Assert.Empty((await sim.GetAsync<ListPage<FineTuningJob>>("fine_tuning/jobs?metadata[team]=a")).Data);
    }

    [Theory]
    [InlineData(0.5, JobStatus.ValidatingFiles)]
    [InlineData(2, JobStatus.Queued)]
    [InlineData(5, JobStatus.Running)]
    public async Task CancelJob_NotFinished_IsCancelledAtOnceAndStaysCancelled(double afterSeconds, string statusBefore)
    {
        await using var sim = await SimulatorSession.StartAsync();
        var job = await sim.CreateJobAsync();
        sim.Clock.Advance(TimeSpan.FromSeconds(afterSeconds));
        Assert.Equal(statusBefore, (await sim.GetAsync<FineTuningJob>($"fine_tuning/jobs/{job.Id}")).Status);

        using var response = await sim.SendAsync(HttpMethod.Post, $"fine_tuning/jobs/{job.Id}/cancel");
        var cancelled = await SimulatorSession.ReadAsync<FineTuningJob>(response);
        sim.AdvancePastTheEnd();

        Assert.Equal(JobStatus.Cancelled, cancelled.Status);
        Assert.Equal(JobStatus.Cancelled, (await sim.GetAsync<FineTuningJob>($"fine_tuning/jobs/{job.Id}")).Status);
    }

    [Fact]
    public async Task CancelJob_AlreadySucceeded_Returns400NamingTheStatus()
    {
        await using var sim = await SimulatorSession.StartAsync();
        var job = await sim.CreateJobAsync();
        sim.AdvancePastTheEnd();

        using var response = await sim.SendAsync(HttpMethod.Post, $"fine_tuning/jobs/{job.Id}/cancel");

        var error = await SimulatorSession.ReadErrorAsync(response, 400);
        Assert.Contains("succeeded", error.Message, StringComparison.Ordinal);
        Assert.Equal("invalid_request_error", error.Type);
    }

    [Fact]
    public async Task CancelJob_UnknownId_Returns404()
    {
        await using var sim = await SimulatorSession.StartAsync();

        using var response = await sim.SendAsync(HttpMethod.Post, "fine_tuning/jobs/ftjob-nope/cancel");

        await SimulatorSession.ReadErrorAsync(response, 404);
    }

    [Theory]
    [InlineData("""{"training_file":"file-a"}""", "model")]
    [InlineData("""{"model":"","training_file":"file-a"}""", "model")]
    [InlineData("""{"model":"gpt-4o-mini"}""", "training_file")]
    [InlineData("""{"model":"gpt-4o-mini","training_file":"file-a","suffix":"12345678901234567890123456789012345678901234567890123456789012345"}""", "suffix")]
    [InlineData("""{"model":"gpt-4o-mini","training_file":"file-a","hyperparameters":{"n_epochs":"lots"}}""", "hyperparameters.n_epochs")]
    [InlineData("""{"model":"gpt-4o-mini",""", "body")]
    [InlineData("""[1,2]""", "body")]
    public async Task CreateJob_InvalidBody_Returns400NamingTheParam(string body, string param)
    {
        await using var sim = await SimulatorSession.StartAsync();

        using var response = await sim.PostRawAsync("fine_tuning/jobs", body);

        var error = await SimulatorSession.ReadErrorAsync(response, 400);
        Assert.Equal(param, error.Param);
        Assert.Equal("invalid_request_error", error.Type);
        Assert.Equal(0, sim.State.JobsCreated);
    }

    [Fact]
    public async Task CreateJob_SuffixOfExactly64_IsAccepted()
    {
        await using var sim = await SimulatorSession.StartAsync();

        var job = await sim.CreateJobAsync(suffix: new string('s', 64));

        Assert.Equal(64, job.Suffix?.Length);
    }

    [Fact]
    public async Task UnknownRoute_UnderV1_Returns404Envelope()
    {
        await using var sim = await SimulatorSession.StartAsync();

        using var response = await sim.SendAsync(HttpMethod.Get, "models");

        Assert.Contains("Invalid URL", (await SimulatorSession.ReadErrorAsync(response, 404)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateJob_TwoJobs_GetDifferentIds()
    {
        await using var sim = await SimulatorSession.StartAsync();

        var ids = new[] { (await sim.CreateJobAsync()).Id, (await sim.CreateJobAsync()).Id };

        Assert.NotEqual(ids[0], ids[1]);
        Assert.All(ids, id => Assert.Matches("^ftjob-[A-Za-z0-9]{24}$", id));
    }
}
