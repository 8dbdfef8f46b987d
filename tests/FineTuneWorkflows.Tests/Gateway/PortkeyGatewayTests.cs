using FineTuneWorkflows.Activities.Creation;
using FineTuneWorkflows.Activities.Polling;
using FineTuneWorkflows.Activities.Provider;
using FineTuneWorkflows.Tests.Activities;
using FineTuneWorkflows.Tests.Support;
using FineTuneWorkflows.Wire;
using Temporalio.Exceptions;

namespace FineTuneWorkflows.Tests.Gateway;

/// <summary>
/// Our client and activities through the real Portkey gateway (x-portkey-provider: openai,
/// x-portkey-custom-host pointing at the simulator), as a Portkey user runs them.
/// </summary>
public class PortkeyGatewayTests(PortkeyGateway gateway) : IClassFixture<PortkeyGateway>
{
    private static readonly CreateFineTuningJobRequest Request = new()
    {
        Model = "gpt-4o-mini",
        TrainingFile = "file-train-gw",
        Suffix = "gw",
        Hyperparameters = new() { NEpochs = 2, BatchSize = NumberOrAuto.Auto },
        Metadata = new() { ["team"] = "ml" },
    };

    private Task<ProviderRig> StartAsync(FineTuneWorkflows.Simulator.SimulatorOptions? simulator = null) => gateway.StartRigAsync(simulator);

    [Fact]
    public async Task CreateRetrieveListCancel_ThroughTheGateway_Work()
    {
        await using var rig = await StartAsync(ProviderRig.QuickJobs(TimeSpan.FromHours(1)));
        var ct = TestContext.Current.CancellationToken;

        var created = await rig.Client.CreateJobAsync(Request, ct);
        var read = await rig.Client.RetrieveJobAsync(created.Id, ct);
        var listed = await rig.Client.ListJobsAsync(limit: 10, cancellationToken: ct);
        var cancelled = await rig.Client.CancelJobAsync(created.Id, ct);

        Assert.Equal(JobStatus.ValidatingFiles, created.Status);
        Assert.Equal(created.Id, read.Id);
        Assert.Equal("gpt-4o-mini", read.Model);
        Assert.Equal(2, read.Hyperparameters!.NEpochs!.Value.Value);
        Assert.Contains(listed.Data, j => j.Id == created.Id);
        Assert.Equal(JobStatus.Cancelled, cancelled.Status);
        Assert.Equal(1, rig.State.JobsCreated);
    }

    [Fact]
    public async Task Create_ThroughTheGateway_LosesTheMetadata()
    {
        await using var rig = await StartAsync();

        var created = await rig.Client.CreateJobAsync(Request, TestContext.Current.CancellationToken);

        // The fact our idempotent create is built around: Portkey forwards no metadata.
        Assert.Null(rig.State.Jobs.Single(j => j.Id == created.Id).Metadata);
    }

    /// <summary>The create's input as the workflow makes it: after the prepare step listed what was there.</summary>
    private static async Task<CreateJobInput> InputAsync(ProviderRig rig, CreateFineTuningJobRequest request)
    {
        var key = $"wf-{Guid.NewGuid()}";
        var prepared = await new ActivityAttempt().RunAsync(() => rig.Creation.PrepareCreateAsync(new PrepareCreateInput(key, request, null, null)));
        return new CreateJobInput(key, request, DateTimeOffset.UtcNow, prepared.Before);
    }

    [Fact]
    public async Task Create_ThroughTheGateway_KeepsTheSeedThatMarksTheJob()
    {
        await using var rig = await StartAsync();
        var input = await InputAsync(rig, Request);

        var created = await new ActivityAttempt().RunAsync(() => rig.Creation.CreateJobAsync(input));

        // Metadata is dropped on the way; the seed only our key produces is not.
        var stored = rig.State.Jobs.Single(j => j.Id == created.Job.Id);
        Assert.Null(stored.Metadata);
        Assert.Equal(JobIdentity.SeedFor(input.IdempotencyKey), stored.Seed);
        Assert.Equal(JobIdentity.SeedFor(input.IdempotencyKey), created.Job.Seed);
    }

    [Fact]
    public async Task CreateJob_ResponseLostBehindTheGatewayWithAnIdenticalJobBeside_AdoptsItsOwnOnly()
    {
        await using var rig = await StartAsync();
        var input = await InputAsync(rig, Request);
        var theirs = await rig.Client.CreateJobAsync(Request, TestContext.Current.CancellationToken);
        rig.State.InjectFault("POST", "/v1/fine_tuning/jobs", "lose-response", 1);

        var first = new ActivityAttempt(attempt: 1);
        var lost = await Assert.ThrowsAsync<ApplicationFailureException>(() => first.RunAsync(() => rig.Creation.CreateJobAsync(input)));
        var retried = await new ActivityAttempt(attempt: 2, heartbeatDetails: first.LastDetails).RunAsync(() => rig.Creation.CreateJobAsync(input));

        Assert.False(lost.NonRetryable);
        Assert.True(retried.Adopted);
        Assert.NotEqual(theirs.Id, retried.Job.Id);
        Assert.Equal("portkey/openai", retried.Provider);
        // The gateway drops the key on the way, so the simulator knows our job by its seed alone.
        Assert.Single(rig.State.Jobs, j => j.Seed == JobIdentity.SeedFor(input.IdempotencyKey));
        Assert.Equal(2, rig.State.JobsCreated);
    }

    [Fact]
    public async Task CreateJob_GatewayErrorMadeNoJobAndAnIdenticalJobExists_CreatesItsOwnInsteadOfTakingTheirs()
    {
        await using var rig = await StartAsync();
        var input = await InputAsync(rig, Request);
        rig.State.InjectFault("POST", "/v1/fine_tuning/jobs", "502-html", 1);

        var first = new ActivityAttempt(attempt: 1);
        await Assert.ThrowsAsync<ApplicationFailureException>(() => first.RunAsync(() => rig.Creation.CreateJobAsync(input)));
        var theirs = await rig.Client.CreateJobAsync(Request, TestContext.Current.CancellationToken);
        var retried = await new ActivityAttempt(attempt: 2, heartbeatDetails: first.LastDetails).RunAsync(() => rig.Creation.CreateJobAsync(input));

        Assert.False(retried.Adopted);
        Assert.NotEqual(theirs.Id, retried.Job.Id);
        // The gateway drops the key on the way, so the simulator knows our job by its seed alone.
        Assert.Single(rig.State.Jobs, j => j.Seed == JobIdentity.SeedFor(input.IdempotencyKey));
        Assert.Equal(2, rig.State.JobsCreated);
    }

    [Fact]
    public async Task WholeJob_ThroughTheGateway_WaitsAndRetrievesTheResultFile()
    {
        await using var rig = await StartAsync();
        var input = await InputAsync(rig, Request);
        var created = await new ActivityAttempt().RunAsync(() => rig.Creation.CreateJobAsync(input));

        var final = await WaitForStatusChangeActivityTests.WaitUntilFinalAsync(rig, created.Job);
        var results = await new ActivityAttempt().RunAsync(() => rig.Results.RetrieveResultFilesAsync(new(final.Id)));

        Assert.Equal(JobStatus.Succeeded, final.Status);
        Assert.Equal(100, results.Metrics!.Rows);
        Assert.Equal(["step_metrics.csv", "loss-curve.png", "loss-curve.svg"], results.Artifacts.Select(a => a.Filename));
        Assert.All(results.Artifacts, a => Assert.Equal(new FileInfo(a.Location).Length, a.Bytes));
    }

    [Fact]
    public async Task RateLimit_ThroughTheGateway_KeepsTheRetryAfter()
    {
        await using var rig = await StartAsync();
        var job = await rig.Client.CreateJobAsync(Request, TestContext.Current.CancellationToken);
        rig.State.InjectFault("GET", $"/v1/fine_tuning/jobs/{job.Id}", "429;retry-after=4", 1);

        var failure = await Assert.ThrowsAsync<ApplicationFailureException>(() =>
            new ActivityAttempt().RunAsync(() => rig.Polling.WaitForStatusChangeAsync(new(job.Id, JobStatus.ValidatingFiles))));

        Assert.Equal(ProviderErrorTypes.RateLimited, failure.ErrorType);
        Assert.Equal(TimeSpan.FromSeconds(4), failure.NextRetryDelay);
    }

    [Fact]
    public async Task WrongProviderKey_ThroughTheGateway_IsANonRetryableAuthFailureBeforeAnyCreate()
    {
        await using var rig = await StartAsync(new() { ApiKey = "sk-another-key" });

        var failure = await Assert.ThrowsAsync<ApplicationFailureException>(() =>
            new ActivityAttempt().RunAsync(() => rig.Creation.PrepareCreateAsync(new("wf-1", Request, null, null))));

        Assert.Equal(ProviderErrorTypes.AuthenticationFailed, failure.ErrorType);
        Assert.DoesNotContain(ProviderRig.ApiKey, failure.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckJob_RunningThroughTheGateway_CarriesTheMetricEvents()
    {
        // Running 12 s: the simulator's five metric events come a sixth of it apart, from 2 s in.
        await using var rig = await StartAsync(new() { ValidatingFiles = TimeSpan.FromMilliseconds(10), Queued = TimeSpan.FromMilliseconds(10), Running = TimeSpan.FromSeconds(12) });
        var ct = TestContext.Current.CancellationToken;
        var created = await rig.Client.CreateJobAsync(Request, ct);
        while ((await rig.Client.ListEventsAsync(created.Id, cancellationToken: ct)).Data.All(e => e.Type != "metrics"))
        {
            await Task.Delay(50, ct);
        }

        var unchanged = await Assert.ThrowsAsync<ApplicationFailureException>(() =>
            new ActivityAttempt().RunAsync(() => rig.Polling.CheckJobAsync(new(created.Id, JobStatus.Running, DateTimeOffset.UtcNow))));

        // Portkey routes GET on a job's sub-path as a read and passes the path on: the events arrive whole.
        var live = unchanged.Details.ElementAt<LiveProgress>(0);
        Assert.NotEmpty(live.Steps);
        Assert.Equal(20, live.Steps[^1].Step);
    }
}
