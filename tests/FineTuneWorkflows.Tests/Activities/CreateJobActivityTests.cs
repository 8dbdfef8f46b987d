using FineTuneWorkflows.Activities.Creation;
using FineTuneWorkflows.Activities.Provider;
using FineTuneWorkflows.Tests.Support;
using Temporalio.Exceptions;

namespace FineTuneWorkflows.Tests.Activities;

public class CreateJobActivityTests
{
    private static readonly CreateFineTuningJobRequest Request = new() { Model = "gpt-4o-mini", TrainingFile = "file-train1", Suffix = "bot" };

    private static CreateJobInput Input(string key, CreateFineTuningJobRequest? request = null) =>
        new(key, request ?? Request, DateTimeOffset.UtcNow);

    [Fact]
    public async Task CreateJob_NewKey_CreatesExactlyOneJobCarryingTheKey()
    {
        await using var rig = await ProviderRig.StartAsync();
        var key = $"wf-{Guid.NewGuid()}";

        var output = await new Activity().RunAsync(() => rig.Activities.CreateJobAsync(Input(key)));

        Assert.False(output.Adopted);
        Assert.Equal("openai", output.Provider);
        Assert.Equal(JobStatus.ValidatingFiles, output.Job.Status);
        Assert.Equal(1, rig.State.JobsCreatedFor(key));
        Assert.Equal(key, output.Job.Metadata![ExistingJobMatch.MetadataKey]);
    }

    [Fact]
    public async Task CreateJob_SameKeyAgain_AdoptsTheFirstJob()
    {
        await using var rig = await ProviderRig.StartAsync();
        var key = $"wf-{Guid.NewGuid()}";
        var first = await new Activity().RunAsync(() => rig.Activities.CreateJobAsync(Input(key)));

        var second = await new Activity(attempt: 2).RunAsync(() => rig.Activities.CreateJobAsync(Input(key)));

        Assert.True(second.Adopted);
        Assert.Equal(first.Job.Id, second.Job.Id);
        Assert.Equal(1, rig.State.JobsCreated);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task CreateJob_ResponseLostAfterTheJobWasMade_RetryYieldsExactlyOneJob(bool providerDropsMetadata)
    {
        await using var rig = await ProviderRig.StartAsync();
        rig.Simulator.Options.DropMetadata = providerDropsMetadata;
        rig.State.InjectFault("POST", "/v1/fine_tuning/jobs", "lose-response", 1);
        var input = Input($"wf-{Guid.NewGuid()}");

        var first = new Activity(attempt: 1);
        var lost = await Assert.ThrowsAsync<ApplicationFailureException>(() => first.RunAsync(() => rig.Activities.CreateJobAsync(input)));
        var retried = await new Activity(attempt: 2, heartbeatDetails: first.Heartbeats[^1][0]).RunAsync(() => rig.Activities.CreateJobAsync(input));

        Assert.False(lost.NonRetryable);
        Assert.Equal(ProviderErrorTypes.Unavailable, lost.ErrorType);
        Assert.Equal(new CreateProgress(CreateSent: true), first.Heartbeats[^1][0]);
        Assert.True(retried.Adopted);
        Assert.Equal(1, rig.State.JobsCreated);
        Assert.Equal(rig.State.Jobs.Single().Id, retried.Job.Id);
    }

    [Fact]
    public async Task CreateJob_MetadataDroppedAndOnlyAnotherRequestsJobExists_RetryCreatesItsOwn()
    {
        await using var rig = await ProviderRig.StartAsync();
        rig.Simulator.Options.DropMetadata = true;
        await rig.Client.CreateJobAsync(Request with { TrainingFile = "file-someone-else" }, TestContext.Current.CancellationToken);

        var output = await new Activity(attempt: 2, heartbeatDetails: new CreateProgress(CreateSent: true)).RunAsync(() => rig.Activities.CreateJobAsync(Input($"wf-{Guid.NewGuid()}")));

        Assert.False(output.Adopted);
        Assert.Equal(2, rig.State.JobsCreated);
    }

    [Fact]
    public async Task CreateJob_RetryAfterTheProviderRefusedTheCreate_NeverTakesAnIdenticalJob()
    {
        await using var rig = await ProviderRig.StartAsync();
        rig.Simulator.Options.DropMetadata = true;
        await rig.Client.CreateJobAsync(Request, TestContext.Current.CancellationToken);
        rig.State.InjectFault("POST", "/v1/fine_tuning/jobs", "429", 1);
        var input = Input($"wf-{Guid.NewGuid()}");
        var first = new Activity(attempt: 1);

        await Assert.ThrowsAsync<ApplicationFailureException>(() => first.RunAsync(() => rig.Activities.CreateJobAsync(input)));
        var retried = await new Activity(attempt: 2, heartbeatDetails: first.Heartbeats[^1][0]).RunAsync(() => rig.Activities.CreateJobAsync(input));

        Assert.Equal(new CreateProgress(CreateSent: false), first.Heartbeats[^1][0]);
        Assert.False(retried.Adopted);
        Assert.Equal(2, rig.State.JobsCreated);
    }

    [Fact]
    public async Task CreateJob_RetryAfterTheLookupFailed_NeverTakesAnIdenticalJob()
    {
        await using var rig = await ProviderRig.StartAsync();
        rig.Simulator.Options.DropMetadata = true;
        await rig.Client.CreateJobAsync(Request, TestContext.Current.CancellationToken);
        rig.State.InjectFault("GET", "/v1/fine_tuning/jobs", "500", 1);
        var input = Input($"wf-{Guid.NewGuid()}");
        var first = new Activity(attempt: 1);

        await Assert.ThrowsAsync<ApplicationFailureException>(() => first.RunAsync(() => rig.Activities.CreateJobAsync(input)));
        var retried = await new Activity(attempt: 2).RunAsync(() => rig.Activities.CreateJobAsync(input));

        Assert.Empty(first.Heartbeats);
        Assert.False(retried.Adopted);
        Assert.Equal(2, rig.State.JobsCreated);
    }

    [Fact]
    public async Task CreateJob_MetadataDroppedOnAFirstAttempt_NeverGuessesAndCreates()
    {
        await using var rig = await ProviderRig.StartAsync();
        rig.Simulator.Options.DropMetadata = true;
        await rig.Client.CreateJobAsync(Request, TestContext.Current.CancellationToken);

        var output = await new Activity(attempt: 1).RunAsync(() => rig.Activities.CreateJobAsync(Input($"wf-{Guid.NewGuid()}")));

        Assert.False(output.Adopted);
        Assert.Equal(2, rig.State.JobsCreated);
    }

    [Theory]
    [InlineData("training_file")]
    [InlineData("suffix")]
    [InlineData("metadata")]
    public async Task CreateJob_BadInput_FailsNonRetryableBeforeAnyHttpCall(string field)
    {
        await using var rig = await ProviderRig.StartAsync();
        var bad = field switch
        {
            "training_file" => Request with { TrainingFile = "../../etc/passwd" },
            "suffix" => Request with { Suffix = new string('x', 65) },
            _ => Request with { Metadata = Enumerable.Range(0, 16).ToDictionary(i => $"k{i}", _ => "v") },
        };

        var error = await Assert.ThrowsAsync<ApplicationFailureException>(() => new Activity().RunAsync(() => rig.Activities.CreateJobAsync(Input("wf-1", bad))));

        Assert.True(error.NonRetryable);
        Assert.Equal(InvalidRequestException.ErrorType, error.ErrorType);
        Assert.Contains(field, error.Message, StringComparison.Ordinal);
        Assert.Equal(0, rig.State.TotalCalls);
    }
}
