using FineTuneWorkflows.Activities.Creation;
using FineTuneWorkflows.Tests.Simulator;
using FineTuneWorkflows.Tests.Support;
using FineTuneWorkflows.Wire;
using Temporalio.Exceptions;

namespace FineTuneWorkflows.Tests.Creation;

/// <summary>
/// The find step a run after a reset or a retry takes when it is cancelled (or its prepare step
/// fails) before its own create: it must find the earlier run's job so that the job is cancelled
/// or watched, never create one, and never leave one of ours behind.
/// </summary>
public class FindJobActivityTests
{
    private static readonly CreateFineTuningJobRequest Request = new() { Model = "gpt-4o-mini", TrainingFile = "file-find", Suffix = "bot" };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string NewKey() => $"wf-{Guid.NewGuid()}";

    /// <summary>The find's input as the workflow makes it when no prepare step answered: no snapshot.</summary>
    private static CreateJobInput Input(string key, DateTimeOffset since) =>
        new(key, Request, DateTimeOffset.UtcNow, Before: null, EarlierRunSince: since);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task FindJob_TheEarlierRunMadeTheJob_FindsItAndCreatesNothing(bool providerDropsMetadata)
    {
        await using var rig = await ProviderRig.StartAsync();
        rig.DropMetadata(providerDropsMetadata);
        var key = NewKey();
        var since = DateTimeOffset.UtcNow.AddMinutes(-5);
        var earlier = await rig.Client.CreateJobAsync(JobIdentity.Mark(Request, key), Ct);

        var found = await new ActivityAttempt().RunAsync(() => rig.Creation.FindJobAsync(Input(key, since)));

        Assert.Equal(earlier.Id, found.Job?.Id);
        Assert.Equal(1, rig.State.JobsCreated);
    }

    [Fact]
    public async Task FindJob_NothingOfOurs_FindsNothingAndCreatesNothing()
    {
        await using var rig = await ProviderRig.StartAsync();
        await rig.Client.CreateJobAsync(Request with { TrainingFile = "file-someone-else" }, Ct);

        var found = await new ActivityAttempt().RunAsync(() => rig.Creation.FindJobAsync(Input(NewKey(), DateTimeOffset.UtcNow.AddMinutes(-5))));

        Assert.Null(found.Job);
        Assert.Equal(1, rig.State.JobsCreated);
    }

    /// <summary>
    /// Two jobs carry our key (a race of the earlier run): the oldest is the one found, and the
    /// other is cancelled, as the create does. Found and returned alone, the other ran on unwatched.
    /// </summary>
    [Fact]
    public async Task FindJob_TwoJobsCarryOurKey_FindsTheOldestAndCancelsTheOther()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var rig = await ProviderRig.StartAsync(clock: clock);
        var key = NewKey();
        var since = clock.GetUtcNow().AddMinutes(-5);
        var first = await rig.Client.CreateJobAsync(JobIdentity.Mark(Request, key), Ct);
        clock.Advance(TimeSpan.FromSeconds(3));
        var second = await rig.Client.CreateJobAsync(JobIdentity.Mark(Request, key), Ct);

        var found = await new ActivityAttempt().RunAsync(() => rig.Creation.FindJobAsync(Input(key, since)));

        Assert.Equal(first.Id, found.Job?.Id);
        Assert.Equal(JobStatus.Cancelled, (await rig.Client.RetrieveJobAsync(second.Id, Ct)).Status);
        Assert.NotEqual(JobStatus.Cancelled, (await rig.Client.RetrieveJobAsync(first.Id, Ct)).Status);
    }

    /// <summary>
    /// The earlier run was the first version's: it sent our key in metadata (dropped on this path)
    /// and no seed, so its job echoes the provider's seed. It must be named for a person, not
    /// passed over as another client's while the run reports that no job exists.
    /// </summary>
    [Fact]
    public async Task FindJob_EarlierRunOfTheFirstVersionWithMetadataDropped_NamesItsJob()
    {
        await using var rig = await ProviderRig.StartAsync();
        rig.DropMetadata();
        var key = NewKey();
        var firstVersionJob = await rig.Client.CreateJobAsync(JobIdentity.Mark(Request, key, chooseSeed: false), Ct);
        Assert.NotEqual(JobIdentity.SeedFor(key), firstVersionJob.Seed);

        var ambiguous = await Assert.ThrowsAsync<ApplicationFailureException>(
            () => new ActivityAttempt().RunAsync(() => rig.Creation.FindJobAsync(Input(key, DateTimeOffset.UtcNow.AddMinutes(-5)))));

        Assert.Equal("FineTuneJobAmbiguous", ambiguous.ErrorType);
        Assert.True(ambiguous.NonRetryable);
        Assert.Contains(firstVersionJob.Id, ambiguous.Message, StringComparison.Ordinal);
        Assert.Equal(1, rig.State.JobsCreated);
    }

    /// <summary>
    /// The earlier run's create may still land (a gateway may hold it): the find says "none" only
    /// once it cannot, and the attempt that waits says until when.
    /// </summary>
    [Fact]
    public async Task FindJob_NothingListedYet_LooksAgainOnlyAfterTheSettleTime()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var rig = await ProviderRig.StartAsync(clock: clock);
        rig.Options.CreateSettleTime = TimeSpan.FromMinutes(2);
        var input = Input(NewKey(), clock.GetUtcNow().AddMinutes(-5));

        var first = new ActivityAttempt();
        var settling = await Assert.ThrowsAsync<ApplicationFailureException>(() => first.RunAsync(() => rig.Creation.FindJobAsync(input)));
        Assert.Equal("Settling", settling.ErrorType);
        Assert.False(settling.NonRetryable);
        Assert.Equal(TimeSpan.FromMinutes(2), settling.NextRetryDelay);

        clock.Advance(TimeSpan.FromMinutes(2));
        var found = await new ActivityAttempt(attempt: 2, heartbeatDetails: first.LastDetails).RunAsync(() => rig.Creation.FindJobAsync(input));

        Assert.Null(found.Job);
        Assert.Equal(0, rig.State.JobsCreated);
    }
}
