using FineTuneWorkflows.Activities.Creation;
using FineTuneWorkflows.Activities.Provider;
using FineTuneWorkflows.Simulator;
using FineTuneWorkflows.Tests.Simulator;
using FineTuneWorkflows.Tests.Support;
using FineTuneWorkflows.Wire;
using Temporalio.Exceptions;

namespace FineTuneWorkflows.Tests.Creation;

/// <summary>
/// A create the provider has no room for, over real HTTP against the simulator's caps: the
/// activity ends for good saying no job was made, so the workflow can wait on a timer; the
/// first version's workflows, which cannot wait, keep retrying as before.
/// </summary>
public class CapacityRefusalTests
{
    private static readonly CreateFineTuningJobRequest Request = new() { Model = "gpt-4o-mini", TrainingFile = "file-train1", Suffix = "bot" };

    private static SimulatorOptions Capped(int? active = null, int? daily = null)
    {
        var options = ProviderRig.QuickJobs(TimeSpan.FromHours(1));
        options.MaxActiveJobs = active;
        options.MaxDailyCreates = daily;
        return options;
    }

    private static async Task<CreateJobInput> InputAsync(ProviderRig rig, string key)
    {
        var prepared = await new ActivityAttempt().RunAsync(() => rig.Creation.PrepareCreateAsync(new PrepareCreateInput(key, Request, null, null, null)));
        return new CreateJobInput(key, Request, DateTimeOffset.UtcNow, prepared.Before, null, prepared.MetadataKept);
    }

    [Fact]
    public async Task ActiveJobsCapReached_CreateFailsForGoodAsCapacity_NoJobMade()
    {
        await using var rig = await ProviderRig.StartAsync(Capped(active: 2));
        rig.State.CreateJob(Request, null);
        rig.State.CreateJob(Request, null);
        var input = await InputAsync(rig, "wf-capacity-1");

        var attempt = new ActivityAttempt();
        var refused = await Assert.ThrowsAsync<ApplicationFailureException>(() => attempt.RunAsync(() => rig.Creation.CreateJobAsync(input)));

        Assert.Equal(ProviderErrorTypes.ActiveJobLimit, refused.ErrorType);
        Assert.True(refused.NonRetryable);
        Assert.EndsWith("No job was created.", refused.Message, StringComparison.Ordinal);
        Assert.Contains("maximum number of active fine-tuning jobs (2)", refused.Message, StringComparison.Ordinal);
        var details = refused.Details.ElementAt<FineTuneWorkflows.Activities.ProviderErrorDetails>(0);
        Assert.Equal(429, details.StatusCode);
        Assert.Equal("rate_limit_exceeded", details.Code);
        Assert.Equal(new CreateProgress(1, CreateStage.Refused), attempt.LastDetails);
        Assert.Equal(2, rig.State.JobsCreated);
        Assert.Equal(0, rig.State.JobsCreatedFor("wf-capacity-1"));
        Assert.Equal(1, rig.State.Stats().CapacityRefusals);
    }

    [Fact]
    public async Task DailyCapReached_CreateFailsForGoodAsDailyLimit()
    {
        await using var rig = await ProviderRig.StartAsync(Capped(daily: 1));
        rig.State.CreateJob(Request, null);
        var input = await InputAsync(rig, "wf-capacity-2");

        var refused = await Assert.ThrowsAsync<ApplicationFailureException>(() => new ActivityAttempt().RunAsync(() => rig.Creation.CreateJobAsync(input)));

        Assert.Equal(ProviderErrorTypes.DailyCreateLimit, refused.ErrorType);
        Assert.True(refused.NonRetryable);
        Assert.Equal(1, rig.State.JobsCreated);
    }

    [Fact]
    public async Task FirstVersionInput_CapacityRefusal_StaysRetryable()
    {
        await using var rig = await ProviderRig.StartAsync(Capped(active: 1));
        rig.State.CreateJob(Request, null);

        // The first version scheduled its creates with no record of the provider's list.
        var input = new CreateJobInput("wf-capacity-3", Request, DateTimeOffset.UtcNow);
        var refused = await Assert.ThrowsAsync<ApplicationFailureException>(() => new ActivityAttempt().RunAsync(() => rig.Creation.CreateJobAsync(input)));

        Assert.Equal(ProviderErrorTypes.ActiveJobLimit, refused.ErrorType);
        Assert.False(refused.NonRetryable);
        Assert.DoesNotContain("No job was created", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RoomMadeByAJobEnding_TheNextCreateGoesThrough()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 12, 2, 10, 0, 0, TimeSpan.Zero));
        await using var rig = await ProviderRig.StartAsync(Capped(active: 1), clock);
        rig.State.CreateJob(Request, null);
        var refused = await Assert.ThrowsAsync<ApplicationFailureException>(
            async () => await new ActivityAttempt().RunAsync(async () => await rig.Creation.CreateJobAsync(await InputAsync(rig, "wf-capacity-4"))));

        // The other job's three one-hour phases are over.
        clock.Advance(TimeSpan.FromHours(3) + TimeSpan.FromSeconds(1));
        var created = await new ActivityAttempt().RunAsync(async () => await rig.Creation.CreateJobAsync(await InputAsync(rig, "wf-capacity-4")));

        Assert.Equal(ProviderErrorTypes.ActiveJobLimit, refused.ErrorType);
        Assert.False(created.Adopted);
        Assert.Equal(1, rig.State.JobsCreatedFor("wf-capacity-4"));
        Assert.Equal(1, rig.State.Stats().PeakActiveJobs[Request.Model]);
    }

    private static ManualClock TenAm() => new(new DateTimeOffset(2026, 12, 2, 10, 0, 0, TimeSpan.Zero));

    /// <summary>Metadata dropped (the Portkey path: the seed tells our job) and a settle time of 2 minutes.</summary>
    private static async Task<ProviderRig> SettlingRigAsync(ManualClock clock, int active)
    {
        var rig = await ProviderRig.StartAsync(Capped(active: active), clock);
        rig.DropMetadata();
        rig.Options.CreateSettleTime = TimeSpan.FromMinutes(2);
        return rig;
    }

    /// <summary>Another client's job fills the only slot and our create is refused: the create's input, and when.</summary>
    private static async Task<(CreateJobInput Input, DateTimeOffset RefusedAt)> RefusedAsync(ProviderRig rig, ManualClock clock, string key)
    {
        rig.State.CreateJob(Request, null);
        var input = await InputAsync(rig, key);
        await Assert.ThrowsAsync<ApplicationFailureException>(() => new ActivityAttempt().RunAsync(() => rig.Creation.CreateJobAsync(input)));
        return (input, clock.GetUtcNow());
    }

    /// <summary>
    /// The refusal was not the whole story: a gateway that retried our create after the provider
    /// made the job heard the cap that job now fills (or a held create landed late). After the
    /// wait, the same create (with the refusal's time) finds that job and adopts it: one job, and it
    /// is watched. (The create adopts a job showing our seed whatever else it knows; that the
    /// workflow sends this create, not a fresh prepare that failed "key in use" with the job
    /// running, is held by the replay of capacity-then-create.)
    /// </summary>
    [Fact]
    public async Task RefusedThenOurJobLands_TheNextCreateAdoptsIt()
    {
        var clock = TenAm();
        await using var rig = await SettlingRigAsync(clock, active: 1);
        const string key = "wf-capacity-5";
        var (input, refusedAt) = await RefusedAsync(rig, clock, key);
        rig.State.CreateJob(JobIdentity.Mark(Request, key), key);

        clock.Advance(TimeSpan.FromMinutes(5));
        var again = await new ActivityAttempt().RunAsync(() => rig.Creation.CreateJobAsync(input with { RefusedForRoomAt = refusedAt }));

        Assert.True(again.Adopted);
        Assert.Equal(1, rig.State.JobsCreatedFor(key));
        Assert.Equal(2, rig.State.JobsCreated);
    }

    /// <summary>Cancelled while waiting after such a refusal: the find reaches the job that landed, so the cancel can stop it.</summary>
    [Fact]
    public async Task RefusedThenOurJobLands_AFindAfterACancelFindsIt()
    {
        var clock = TenAm();
        await using var rig = await SettlingRigAsync(clock, active: 1);
        const string key = "wf-capacity-6";
        var (input, refusedAt) = await RefusedAsync(rig, clock, key);
        var landed = rig.State.CreateJob(JobIdentity.Mark(Request, key), key);

        clock.Advance(TimeSpan.FromMinutes(3));
        var found = await new ActivityAttempt().RunAsync(() => rig.Creation.FindJobAsync(input with { RefusedForRoomAt = refusedAt }));

        Assert.Equal(landed.Id, found.Job?.Id);
        Assert.Equal(1, rig.State.JobsCreatedFor(key));
    }

    /// <summary>
    /// Nothing of ours listed yet, one minute after the refusal: the job a gateway's retry made may
    /// still land, so no create goes out until the settle time (2 min) after the refusal — one more minute.
    /// </summary>
    [Fact]
    public async Task RefusedAMinuteAgo_NoCreateUntilTheSettleTimeAfterTheRefusal()
    {
        var clock = TenAm();
        await using var rig = await SettlingRigAsync(clock, active: 5);
        var input = await InputAsync(rig, "wf-capacity-7");

        var settling = await Assert.ThrowsAsync<ApplicationFailureException>(
            () => new ActivityAttempt().RunAsync(() => rig.Creation.CreateJobAsync(input with { RefusedForRoomAt = clock.GetUtcNow() - TimeSpan.FromMinutes(1) })));

        Assert.Equal("Settling", settling.ErrorType);
        Assert.Equal(TimeSpan.FromMinutes(1), settling.NextRetryDelay);
        Assert.Equal(0, rig.State.JobsCreated);
    }

    /// <summary>Past the settle time after the refusal, with nothing of ours listed: the create goes out at once, the one job made.</summary>
    [Fact]
    public async Task RefusedLongAgo_NothingListed_CreatesAtOnce()
    {
        var clock = TenAm();
        await using var rig = await SettlingRigAsync(clock, active: 5);
        var input = await InputAsync(rig, "wf-capacity-8");

        var created = await new ActivityAttempt().RunAsync(
            () => rig.Creation.CreateJobAsync(input with { RefusedForRoomAt = clock.GetUtcNow() - TimeSpan.FromMinutes(2) - TimeSpan.FromSeconds(1) }));

        Assert.False(created.Adopted);
        Assert.Equal(1, rig.State.JobsCreatedFor("wf-capacity-8"));
    }

    /// <summary>
    /// Cancelled while waiting, with nothing of ours listed three minutes after the refusal: the
    /// find answers "none" at once (the settle time counts from the refusal, not from now), so
    /// the cancel ends the run after one list.
    /// </summary>
    [Fact]
    public async Task RefusedThreeMinutesAgo_NothingLanded_AFindAnswersNoneAtOnce()
    {
        var clock = TenAm();
        await using var rig = await SettlingRigAsync(clock, active: 5);
        var input = await InputAsync(rig, "wf-capacity-9");

        var found = await new ActivityAttempt().RunAsync(() => rig.Creation.FindJobAsync(input with { RefusedForRoomAt = clock.GetUtcNow() - TimeSpan.FromMinutes(3) }));

        Assert.Null(found.Job);
        Assert.Equal(0, rig.State.JobsCreated);
    }

    /// <summary>
    /// The user's own seed through a path that drops metadata: a job of ours would not show itself,
    /// and identical fine-tunes' jobs (three got room first) look just like it. The refusal is then
    /// trusted, as every other refusal is: the retried create and a find after a cancel go on, where
    /// weighing those lookalikes would stop every waiting fine-tune as ambiguous.
    /// </summary>
    [Fact]
    public async Task UsersSeedAndMetadataDropped_SiblingsJobsNeitherStopTheRetryNorTheFind()
    {
        var clock = TenAm();
        await using var rig = await SettlingRigAsync(clock, active: 10);
        var seeded = Request with { Seed = 42 };
        PrepareCreateOutput prepared = await new ActivityAttempt().RunAsync(() => rig.Creation.PrepareCreateAsync(new PrepareCreateInput("wf-seeded-4", seeded, null, null, null)));
        foreach (var sibling in new[] { "wf-seeded-1", "wf-seeded-2", "wf-seeded-3" })
        {
            rig.State.CreateJob(JobIdentity.Mark(seeded, sibling), sibling);
        }

        var refusedAt = clock.GetUtcNow();
        clock.Advance(TimeSpan.FromMinutes(5));
        var waiting = new CreateJobInput("wf-seeded-4", seeded, refusedAt, prepared.Before, null, prepared.MetadataKept, RefusedForRoomAt: refusedAt);
        var found = await new ActivityAttempt().RunAsync(() => rig.Creation.FindJobAsync(waiting with { IdempotencyKey = "wf-seeded-5" }));
        var created = await new ActivityAttempt().RunAsync(() => rig.Creation.CreateJobAsync(waiting));

        Assert.Null(found.Job);
        Assert.False(created.Adopted);
        Assert.Equal(1, rig.State.JobsCreatedFor("wf-seeded-4"));
        Assert.Equal(4, rig.State.JobsCreated);
    }
}
