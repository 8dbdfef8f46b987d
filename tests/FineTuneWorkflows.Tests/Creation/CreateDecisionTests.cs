using FineTuneWorkflows.Activities.Creation;
using FineTuneWorkflows.Wire;

namespace FineTuneWorkflows.Tests.Creation;

/// <summary>
/// The rule a retried create follows, case by case. Jobs here carry no metadata and the user's
/// own seed (42), so nothing they echo is ours unless a case says so: the hard cases.
/// </summary>
public class CreateDecisionTests
{
    private const string Key = "key-1";
    private const long SeedOfKey1 = 1_328_603_131;
    private const long Snapshot = 1_800_000_000;
    private static readonly DateTimeOffset RequestedAt = DateTimeOffset.FromUnixTimeSeconds(Snapshot + 1);
    private static readonly CreateFineTuningJobRequest Request = new() { Model = "gpt-4o-mini", TrainingFile = "file-train" };

    private static CreateIdentity Identity(bool userSeed = true, JobsBefore? before = null, DateTimeOffset? earlierRunSince = null, bool legacy = false, bool metadataKept = false)
    {
        var asked = userSeed ? Request with { Seed = 42 } : Request;
        return new CreateIdentity(Key, JobIdentity.Mark(asked, Key), !userSeed, legacy ? null : before ?? new JobsBefore(["ftjob-old"], Snapshot), RequestedAt, earlierRunSince, metadataKept);
    }

    private static FineTuningJob Job(string id, long created, Func<FineTuningJob, FineTuningJob>? change = null)
    {
        var job = new FineTuningJob { Id = id, Model = "gpt-4o-mini", TrainingFile = "file-train", Seed = 42, CreatedAt = created };
        return change is null ? job : change(job);
    }

    private static FineTuningJob Marked(string id, long created, string key = Key) =>
        Job(id, created, j => j with { Metadata = new() { ["ftw_idempotency_key"] = key } });

    [Fact]
    public void Decide_OneJobCarriesOurKey_AdoptsIt()
    {
        var verdict = CreateDecision.Decide(Identity(), [Job("ftjob-other", Snapshot + 5), Marked("ftjob-ours", Snapshot + 2)], complete: true, mayHaveCreated: true);

        var adopt = Assert.IsType<CreateVerdict.Adopt>(verdict);
        Assert.Equal("ftjob-ours", adopt.Job.Id);
        Assert.Empty(adopt.Duplicates);
    }

    [Fact]
    public void Decide_SeveralJobsCarryOurKey_AdoptsTheOldestAndNamesTheRestAsDuplicates()
    {
        var verdict = CreateDecision.Decide(Identity(), [Marked("ftjob-b", Snapshot + 9), Marked("ftjob-a", Snapshot + 2), Marked("ftjob-c", Snapshot + 5)], complete: true, mayHaveCreated: true);

        var adopt = Assert.IsType<CreateVerdict.Adopt>(verdict);
        Assert.Equal("ftjob-a", adopt.Job.Id);
        Assert.Equal(["ftjob-c", "ftjob-b"], adopt.Duplicates.Select(d => d.Id));
    }

    [Fact]
    public void Decide_OurKeyOnAJobListedBefore_IsStillOurs()
    {
        // An earlier run (before a reset) made it; the key proves it whatever the snapshot says.
        var verdict = CreateDecision.Decide(Identity(), [Marked("ftjob-old", Snapshot - 60)], complete: true, mayHaveCreated: true);

        Assert.Equal("ftjob-old", Assert.IsType<CreateVerdict.Adopt>(verdict).Job.Id);
    }

    [Fact]
    public void Decide_OurSeedEchoed_AdoptsItOverAnIdenticalJobWithAnotherSeed()
    {
        var verdict = CreateDecision.Decide(
            Identity(userSeed: false), [Job("ftjob-theirs", Snapshot + 1, j => j with { Seed = 7 }), Job("ftjob-ours", Snapshot + 2, j => j with { Seed = SeedOfKey1 })], complete: true, mayHaveCreated: true);

        Assert.Equal("ftjob-ours", Assert.IsType<CreateVerdict.Adopt>(verdict).Job.Id);
    }

    [Fact]
    public void Decide_OnlyAnotherSeedEchoed_CreatesRatherThanTakeIt()
    {
        // The create that failed (a 502) made nothing; someone else's identical job says so by its seed.
        var verdict = CreateDecision.Decide(Identity(userSeed: false), [Job("ftjob-theirs", Snapshot + 1, j => j with { Seed = 7 })], complete: true, mayHaveCreated: true);

        Assert.IsType<CreateVerdict.Create>(verdict);
    }

    [Fact]
    public void Decide_NoEarlierCreateCouldHaveBeenSent_CreatesWhateverLooksLikeOurs()
    {
        var verdict = CreateDecision.Decide(Identity(), [Job("ftjob-lookalike", Snapshot + 3)], complete: true, mayHaveCreated: false);

        Assert.IsType<CreateVerdict.Create>(verdict);
    }

    [Fact]
    public void Decide_NothingNewSinceTheSnapshot_Creates()
    {
        var verdict = CreateDecision.Decide(Identity(), [Job("ftjob-old", Snapshot), Job("ftjob-older", Snapshot - 121)], complete: true, mayHaveCreated: true);

        Assert.IsType<CreateVerdict.Create>(verdict);
    }

    [Fact]
    public void Decide_OneLookalikeSinceTheSnapshotAndNothingEchoed_IsNamedNeverAdopted()
    {
        // Ours with a lost answer, or another client's while ours failed with nothing made: no guess.
        var verdict = CreateDecision.Decide(Identity(), [Job("ftjob-new", Snapshot + 3), Job("ftjob-old", Snapshot)], complete: true, mayHaveCreated: true);

        var ambiguous = Assert.IsType<CreateVerdict.Ambiguous>(verdict);
        Assert.Equal(["ftjob-new"], ambiguous.Candidates.Select(c => c.Id));
        Assert.Contains("since the first create attempt", ambiguous.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_LookalikeWithoutOurKeyWhereMetadataIsKept_IsNotOursSoTheCreateIsSent()
    {
        var verdict = CreateDecision.Decide(Identity(metadataKept: true), [Job("ftjob-theirs", Snapshot + 3)], complete: true, mayHaveCreated: true);

        Assert.IsType<CreateVerdict.Create>(verdict);
    }

    [Fact]
    public void Decide_LookalikeInTheSameSecondAsTheSnapshotButNotInIt_IsNew()
    {
        var verdict = CreateDecision.Decide(Identity(), [Job("ftjob-new", Snapshot), Job("ftjob-old", Snapshot)], complete: true, mayHaveCreated: true);

        Assert.Equal(["ftjob-new"], Assert.IsType<CreateVerdict.Ambiguous>(verdict).Candidates.Select(c => c.Id));
    }

    [Fact]
    public void Decide_AnIdenticalJobMadeJustBeforeTheSnapshot_IsNeverTaken()
    {
        // Another client's job, seconds before our first attempt: listed then, so never ours.
        var verdict = CreateDecision.Decide(Identity(before: new JobsBefore(["ftjob-theirs"], Snapshot)), [Job("ftjob-theirs", Snapshot)], complete: true, mayHaveCreated: true);

        Assert.IsType<CreateVerdict.Create>(verdict);
    }

    [Fact]
    public void Decide_TwoLookalikesSinceTheSnapshot_IsAmbiguousAndNamesBoth()
    {
        var verdict = CreateDecision.Decide(Identity(), [Job("ftjob-b", Snapshot + 4), Job("ftjob-a", Snapshot + 2)], complete: true, mayHaveCreated: true);

        var ambiguous = Assert.IsType<CreateVerdict.Ambiguous>(verdict);
        Assert.Equal(["ftjob-b", "ftjob-a"], ambiguous.Candidates.Select(c => c.Id));
        Assert.Contains("2 job(s) with the same model and files", ambiguous.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_JobsOfOtherFieldsOrKeys_AreNeitherAdoptedNorNamed()
    {
        var verdict = CreateDecision.Decide(
            Identity(),
            [Job("ftjob-other-file", Snapshot + 2, j => j with { TrainingFile = "file-x" }), Marked("ftjob-other-key", Snapshot + 3, key: "key-2"), Job("ftjob-lookalike", Snapshot + 4)],
            complete: true,
            mayHaveCreated: true);

        Assert.Equal(["ftjob-lookalike"], Assert.IsType<CreateVerdict.Ambiguous>(verdict).Candidates.Select(c => c.Id));
    }

    /// <summary>
    /// Reading the list again would get no further (it only grows), so a listing that stopped
    /// short ends in a verdict a person acts on, naming the lookalikes seen: retried, it looped for
    /// ever while the job it could not reach ran unwatched.
    /// </summary>
    [Fact]
    public void Decide_ListingStoppedShort_IsAmbiguousNamingWhatWasSeen()
    {
        var verdict = CreateDecision.Decide(
            Identity(), [Job("ftjob-lookalike", Snapshot + 4), Job("ftjob-other-file", Snapshot + 2, j => j with { TrainingFile = "file-x" })], complete: false, mayHaveCreated: true);

        var ambiguous = Assert.IsType<CreateVerdict.Ambiguous>(verdict);
        Assert.Equal(["ftjob-lookalike"], ambiguous.Candidates.Select(c => c.Id));
        Assert.Contains("read back 2 jobs without reaching", ambiguous.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_ListingStoppedShortWhereNoCreateWentOut_Creates() =>
        Assert.IsType<CreateVerdict.Create>(CreateDecision.Decide(Identity(), [], complete: false, mayHaveCreated: false));

    [Fact]
    public void Decide_TwoJobsEchoOurSeed_IsAmbiguousAndTakesNeither()
    {
        // The seed is public in our job's object; someone may send it again.
        var verdict = CreateDecision.Decide(
            Identity(userSeed: false), [Job("ftjob-a", Snapshot + 2, j => j with { Seed = SeedOfKey1 }), Job("ftjob-b", Snapshot + 2, j => j with { Seed = SeedOfKey1 })], complete: true, mayHaveCreated: true);

        var ambiguous = Assert.IsType<CreateVerdict.Ambiguous>(verdict);
        Assert.Equal(["ftjob-a", "ftjob-b"], ambiguous.Candidates.Select(c => c.Id));
        Assert.Contains("echo the seed", ambiguous.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_TwoJobsCarryOurKeyInOneSecond_AdoptsTheOneListedLast()
    {
        // Newest first: of two jobs stamped in one second, the one listed last is the older.
        var verdict = CreateDecision.Decide(Identity(), [Marked("ftjob-newer", Snapshot + 2), Marked("ftjob-older", Snapshot + 2)], complete: true, mayHaveCreated: true);

        var adopt = Assert.IsType<CreateVerdict.Adopt>(verdict);
        Assert.Equal("ftjob-older", adopt.Job.Id);
        Assert.Equal(["ftjob-newer"], adopt.Duplicates.Select(d => d.Id));
    }

    [Fact]
    public void Decide_ListingStoppedShortButOurKeyWasFound_AdoptsIt() =>
        Assert.IsType<CreateVerdict.Adopt>(CreateDecision.Decide(Identity(), [Marked("ftjob-ours", Snapshot + 2)], complete: false, mayHaveCreated: true));

    [Fact]
    public void Decide_AfterAResetALookalikeFromBeforeTheSnapshot_IsAmbiguous()
    {
        // The earlier run may have made it; another client may have. Nothing it echoes tells.
        var since = DateTimeOffset.FromUnixTimeSeconds(Snapshot - 3600);
        var verdict = CreateDecision.Decide(Identity(earlierRunSince: since), [Job("ftjob-old", Snapshot - 1800)], complete: true, mayHaveCreated: true);

        var ambiguous = Assert.IsType<CreateVerdict.Ambiguous>(verdict);
        Assert.Equal(["ftjob-old"], ambiguous.Candidates.Select(c => c.Id));
        Assert.Contains("since an earlier run of this workflow started", ambiguous.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_AfterAResetLookalikesFromBothRuns_SaysTheWindowOpenedWithTheEarlierRun()
    {
        // One lookalike is newer than the snapshot, one older: the reason must name the wider window.
        var since = DateTimeOffset.FromUnixTimeSeconds(Snapshot - 3600);
        var verdict = CreateDecision.Decide(Identity(earlierRunSince: since), [Job("ftjob-new", Snapshot + 5), Job("ftjob-old", Snapshot - 1800)], complete: true, mayHaveCreated: true);

        var ambiguous = Assert.IsType<CreateVerdict.Ambiguous>(verdict);
        Assert.Equal(["ftjob-new", "ftjob-old"], ambiguous.Candidates.Select(c => c.Id));
        Assert.Contains("since an earlier run of this workflow started", ambiguous.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_AfterAResetALookalikeOlderThanTheEarlierRun_IsNotACandidate()
    {
        var since = DateTimeOffset.FromUnixTimeSeconds(Snapshot - 3600);
        var verdict = CreateDecision.Decide(Identity(earlierRunSince: since), [Job("ftjob-ancient", Snapshot - 3600 - 121)], complete: true, mayHaveCreated: true);

        Assert.IsType<CreateVerdict.Create>(verdict);
    }

    [Fact]
    public void Decide_AfterAResetALookalikeWithinTheClockSkew_IsACandidate()
    {
        var since = DateTimeOffset.FromUnixTimeSeconds(Snapshot - 3600);
        var verdict = CreateDecision.Decide(Identity(earlierRunSince: since), [Job("ftjob-skewed", Snapshot - 3600 - 119)], complete: true, mayHaveCreated: true);

        Assert.IsType<CreateVerdict.Ambiguous>(verdict);
    }

    /// <summary>
    /// The run before a reset may have been the first version's, whose creates chose no seed: its
    /// job echoes a seed the provider picked. Ruled out by that seed, it was left running unwatched
    /// while the reset run created a second job.
    /// </summary>
    [Fact]
    public void Decide_AfterAResetALookalikeWithAnotherSeedSinceTheEarlierRun_IsNamedNotCreatedBeside()
    {
        var since = DateTimeOffset.FromUnixTimeSeconds(Snapshot - 3600);
        var firstVersionJob = Job("ftjob-v1", Snapshot - 1800, j => j with { Seed = 987_654 });

        var verdict = CreateDecision.Decide(Identity(userSeed: false, earlierRunSince: since), [firstVersionJob], complete: true, mayHaveCreated: true);

        Assert.Equal(["ftjob-v1"], Assert.IsType<CreateVerdict.Ambiguous>(verdict).Candidates.Select(c => c.Id));
    }

    [Theory]
    [InlineData(-121, false)] // older than the earlier run (beyond the clock skew): not that run's
    [InlineData(-119, true)]
    public void Decide_AfterAResetAnotherSeed_CountsOnlySinceTheEarlierRun(int secondsFromEarlierRun, bool named)
    {
        var since = DateTimeOffset.FromUnixTimeSeconds(Snapshot - 3600);
        var job = Job("ftjob-x", since.ToUnixTimeSeconds() + secondsFromEarlierRun, j => j with { Seed = 987_654 });

        var verdict = CreateDecision.Decide(Identity(userSeed: false, earlierRunSince: since), [job], complete: true, mayHaveCreated: true);

        Assert.Equal(named, verdict is CreateVerdict.Ambiguous);
        Assert.Equal(!named, verdict is CreateVerdict.Create);
    }

    [Fact]
    public void Decide_NoEarlierRunAndAnotherSeed_IsNotOursSoTheCreateIsSent()
    {
        // Without an earlier run every create of this workflow sent the key's seed: another seed rules a job out.
        var verdict = CreateDecision.Decide(Identity(userSeed: false), [Job("ftjob-x", Snapshot + 5, j => j with { Seed = 987_654 })], complete: true, mayHaveCreated: true);

        Assert.IsType<CreateVerdict.Create>(verdict);
    }

    [Theory]
    [InlineData(true, "file-other")] // other files: not ours whatever the seed
    [InlineData(false, "file-train")] // metadata kept and none of ours on the job: not ours
    public void Decide_AfterAResetAnotherSeedAndOtherwiseNotOurs_StaysNotOurs(bool metadataDropped, string trainingFile)
    {
        var since = DateTimeOffset.FromUnixTimeSeconds(Snapshot - 3600);
        var job = Job("ftjob-x", Snapshot - 1800, j => j with { Seed = 987_654, TrainingFile = trainingFile });

        var verdict = CreateDecision.Decide(Identity(userSeed: false, earlierRunSince: since, metadataKept: !metadataDropped), [job], complete: true, mayHaveCreated: true);

        Assert.IsType<CreateVerdict.Create>(verdict);
    }

    [Theory]
    [InlineData(-119, true)]
    [InlineData(-120, true)]
    [InlineData(-121, false)]
    public void Decide_InputFromTheOlderVersion_WindowOpensTwoMinutesBeforeTheRequest(int secondsFromRequest, bool named)
    {
        var verdict = CreateDecision.Decide(Identity(legacy: true), [Job("ftjob-1", RequestedAt.ToUnixTimeSeconds() + secondsFromRequest)], complete: true, mayHaveCreated: true);

        Assert.Equal(named, verdict is CreateVerdict.Ambiguous);
        Assert.Equal(!named, verdict is CreateVerdict.Create);
    }

    [Fact]
    public void Floor_SnapshotTaken_IsTwoMinutesBeforeTheSnapshotsNewestTime() =>
        Assert.Equal(Snapshot - 120, Identity().Floor);

    [Fact]
    public void Floor_NothingListedBefore_IsNone() =>
        Assert.Null(Identity(before: new JobsBefore([], null)).Floor);

    [Fact]
    public void Floor_AfterAReset_ReachesTwoMinutesBeforeTheEarlierRun() =>
        Assert.Equal(Snapshot - 3600 - 120, Identity(earlierRunSince: DateTimeOffset.FromUnixTimeSeconds(Snapshot - 3600)).Floor);

    [Fact]
    public void Floor_InputFromTheOlderVersion_IsTwoMinutesBeforeTheRequest() =>
        Assert.Equal(RequestedAt.ToUnixTimeSeconds() - 120, Identity(legacy: true).Floor);

    /// <summary>Refused by name however the identity was made (with no listing before, nothing else would check it).</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void IsNew_NullJob_IsRefusedByName(bool legacy) =>
        Assert.Equal("job", Assert.Throws<ArgumentNullException>(() => Identity(legacy: legacy).IsNew(null!)).ParamName);
}
