using FineTuneWorkflows.Activities.Creation;
using FineTuneWorkflows.Tests.Simulator;
using FineTuneWorkflows.Tests.Support;
using FineTuneWorkflows.Wire;
using Temporalio.Exceptions;

namespace FineTuneWorkflows.Tests.Creation;

/// <summary>
/// How far the create's search reads and what it trusts: the metadata filter where the provider
/// keeps metadata, the provider's list down to the floor (and past a page that ends on it), the
/// cap on pages, and the duplicates a race made. Times run on a manual clock the simulator shares.
/// </summary>
public class CreateJobSearchTests
{
    private static readonly CreateFineTuningJobRequest Request = new() { Model = "gpt-4o-mini", TrainingFile = "file-search" };
    private static readonly CreateFineTuningJobRequest Other = new() { Model = "gpt-4o-mini", TrainingFile = "file-other" };
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string NewKey() => $"wf-{Guid.NewGuid()}";

    private static void Seed(ProviderRig rig, CreateFineTuningJobRequest request, int count)
    {
        for (var i = 0; i < count; i++)
        {
            rig.State.CreateJob(request, null);
        }
    }

    private static async Task<JobsBefore> ListedNowAsync(ProviderRig rig) =>
        JobsBefore.From((await rig.Client.ListJobsAsync(limit: 100, cancellationToken: Ct)).Data);

    [Fact]
    public async Task CreateJob_NullInput_IsRefusedByName()
    {
        await using var rig = await ProviderRig.StartAsync();

        Assert.Equal("input", (await Assert.ThrowsAsync<ArgumentNullException>(() => new ActivityAttempt().RunAsync(() => rig.Creation.CreateJobAsync(null!)))).ParamName);
        Assert.Equal("input", (await Assert.ThrowsAsync<ArgumentNullException>(() => new ActivityAttempt().RunAsync(() => rig.Creation.FindJobAsync(null!)))).ParamName);
    }

    [Fact]
    public async Task CreateJob_KeyTooLong_SaysHowLongItMayBe()
    {
        await using var rig = await ProviderRig.StartAsync();
        var input = new CreateJobInput(new string('k', 513), Request, T0);

        var refused = await Assert.ThrowsAsync<ApplicationFailureException>(() => new ActivityAttempt().RunAsync(() => rig.Creation.CreateJobAsync(input)));

        Assert.Equal("idempotency_key: must be 1 to 512 characters", refused.Message);
    }

    /// <summary>The longest key a metadata value holds (512 characters) is a key.</summary>
    [Fact]
    public async Task CreateJob_KeyOfTheLongestLength_IsAccepted()
    {
        await using var rig = await ProviderRig.StartAsync();
        var input = new CreateJobInput(new string('k', 512), Request, T0, await ListedNowAsync(rig));
        using var logs = new CapturingLoggerFactory();

        var output = await new ActivityAttempt(logs: logs).RunAsync(() => rig.Creation.CreateJobAsync(input));

        Assert.False(output.Adopted);
        Assert.Equal(1, rig.State.JobsCreated);
        var created = Assert.Single(logs.Saying("Created job {JobId} for model {Model}"));
        Assert.Equal(output.Job.Id, created.Values["JobId"]);
        Assert.Equal("gpt-4o-mini", created.Values["Model"]);
    }

    /// <summary>
    /// The jobs listed before the first create are gone from the list (another project's key after
    /// a rotation, a provider that pruned them): the search reads an empty page and finds nothing,
    /// rather than failing on a page with no last job to compare with the floor.
    /// </summary>
    [Fact]
    public async Task FindJob_ListEmptyBelowARecordedFloor_FindsNothing()
    {
        await using var rig = await ProviderRig.StartAsync();
        rig.DropMetadata();
        var before = new JobsBefore(["ftjob-gone"], T0.AddHours(-1).ToUnixTimeSeconds());

        var found = await new ActivityAttempt().RunAsync(() => rig.Creation.FindJobAsync(new CreateJobInput(NewKey(), Request, T0, before, EarlierRunSince: T0, MetadataKept: false)));

        Assert.Null(found.Job);
    }

    /// <summary>
    /// A race of two attempts made two jobs carrying our key (the provider keeps metadata): the
    /// retry adopts the older and cancels the other, which would otherwise run on, paid and unwatched.
    /// </summary>
    [Fact]
    public async Task CreateJob_TwoJobsCarryOurKey_AdoptsTheOlderAndCancelsTheOther()
    {
        var clock = new ManualClock(T0);
        await using var rig = await ProviderRig.StartAsync(clock: clock);
        var key = NewKey();
        var before = await ListedNowAsync(rig);
        clock.Advance(TimeSpan.FromSeconds(5));
        var older = await rig.Client.CreateJobAsync(JobIdentity.Mark(Request, key), Ct);
        clock.Advance(TimeSpan.FromSeconds(2));
        var newer = await rig.Client.CreateJobAsync(JobIdentity.Mark(Request, key), Ct);

        using var logs = new CapturingLoggerFactory();
        var output = await new ActivityAttempt(attempt: 2, logs: logs).RunAsync(() => rig.Creation.CreateJobAsync(new CreateJobInput(key, Request, T0, before)));

        Assert.True(output.Adopted);
        Assert.Equal(older.Id, output.Job.Id);
        Assert.Equal(JobStatus.Cancelled, (await rig.Client.RetrieveJobAsync(newer.Id, Ct)).Status);
        Assert.NotEqual(JobStatus.Cancelled, (await rig.Client.RetrieveJobAsync(older.Id, Ct)).Status);
        Assert.Equal(2, rig.State.JobsCreated);
        // The operator reads which job was taken and which one was cancelled, and why.
        Assert.Equal(older.Id, Assert.Single(logs.Saying("Adopted job {JobId} made by an earlier attempt or run (key {IdempotencyKey})")).Values["JobId"]);
        var cancelling = Assert.Single(logs.Saying("Cancelling job {JobId}: it carries this workflow's key beside the job it adopted"));
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Warning, cancelling.Level);
        Assert.Equal(newer.Id, cancelling.Values["JobId"]);
    }

    /// <summary>
    /// The prepare step found the provider dropping metadata; the worker's settings say it keeps it
    /// (changed since). The create goes by what was found: a job with our seed is ours, where
    /// trusting the settings would filter by a key nobody stored and buy a second job.
    /// </summary>
    [Fact]
    public async Task CreateJob_PrepareFoundMetadataDropped_GoesByThatOverTheSettings()
    {
        var clock = new ManualClock(T0);
        await using var rig = await ProviderRig.StartAsync(clock: clock);
        rig.Simulator.Options.DropMetadata = true;
        var key = NewKey();
        var before = await ListedNowAsync(rig);
        clock.Advance(TimeSpan.FromSeconds(5));
        var ours = await rig.Client.CreateJobAsync(JobIdentity.Mark(Request, key), Ct);
        Assert.True(rig.Options.MetadataKept);

        var output = await new ActivityAttempt().RunAsync(() => rig.Creation.CreateJobAsync(new CreateJobInput(key, Request, T0, before, MetadataKept: false)));

        Assert.Equal(ours.Id, output.Job.Id);
        Assert.Equal(1, rig.State.JobsCreated);
    }

    /// <summary>
    /// Where metadata is kept the provider finds our key wherever the job sits; the list would stop
    /// at the floor, long before a job made an hour before the snapshot (a caller's key used again
    /// by a reset of a run that made it, say).
    /// </summary>
    [Fact]
    public async Task CreateJob_OurKeyOnAJobBelowTheFloor_IsFoundByTheProvidersFilter()
    {
        var clock = new ManualClock(T0);
        await using var rig = await ProviderRig.StartAsync(clock: clock);
        var key = NewKey();
        var ours = rig.State.CreateJob(JobIdentity.Mark(Request, key), key);
        clock.Advance(TimeSpan.FromHours(1));
        Seed(rig, Other, 100);
        clock.Advance(TimeSpan.FromHours(1));
        Seed(rig, Other, 1);
        var before = await ListedNowAsync(rig);

        var output = await new ActivityAttempt().RunAsync(() => rig.Creation.CreateJobAsync(new CreateJobInput(key, Request, clock.GetUtcNow(), before)));

        Assert.Equal(ours.Id, output.Job.Id);
        Assert.True(output.Adopted);
        Assert.Equal(102, rig.State.JobsCreated);
    }

    /// <summary>
    /// Metadata dropped, so the list is read newest first down to the floor; our job (its seed
    /// echoed) sits on the second page. The first page ends above the floor, or exactly on it (a job
    /// made at that second may still be ours, and more of that second may follow): read on.
    /// </summary>
    [Theory]
    [InlineData(60)]
    [InlineData(0)]
    public async Task CreateJob_OurJobOnTheSecondPage_IsReadUnlessThePageEndedBelowTheFloor(int pageEndsSecondsAboveFloor)
    {
        var clock = new ManualClock(T0);
        await using var rig = await ProviderRig.StartAsync(clock: clock);
        rig.DropMetadata();
        var key = NewKey();
        var floor = T0;
        var before = new JobsBefore([], (floor + JobsBefore.Margin).ToUnixTimeSeconds());
        var ours = rig.State.CreateJob(JobIdentity.Mark(Request, key), key);
        clock.Advance(TimeSpan.FromSeconds(pageEndsSecondsAboveFloor));
        Seed(rig, Other, 100);

        var output = await new ActivityAttempt().RunAsync(() => rig.Creation.CreateJobAsync(new CreateJobInput(key, Request, T0, before, MetadataKept: false)));

        Assert.Equal(ours.Id, output.Job.Id);
        Assert.Equal(101, rig.State.JobsCreated);
    }

    /// <summary>
    /// A list with no time to stop at is read to 5,000 jobs and no further; a create that may have
    /// gone through is then not repeated blind: a person is told how far the list was read.
    /// </summary>
    [Fact]
    public async Task CreateJob_ListLongerThanTheSearchReads_StopsAtFiveThousandAndCreatesNothing()
    {
        await using var rig = await ProviderRig.StartAsync();
        rig.DropMetadata();
        Seed(rig, Other, 5_001);
        var input = new CreateJobInput(NewKey(), Request, DateTimeOffset.UtcNow, new JobsBefore([], null), MetadataKept: false);

        var stopped = await Assert.ThrowsAsync<ApplicationFailureException>(() => new ActivityAttempt(attempt: 2).RunAsync(() => rig.Creation.CreateJobAsync(input)));

        Assert.Equal(CreationActivities.AmbiguousJobError, stopped.ErrorType);
        Assert.Contains("the provider's list was read back 5000 jobs without reaching the time before which no job can be ours", stopped.Message, StringComparison.Ordinal);
        Assert.Equal(5_001, rig.State.JobsCreated);
    }
}
