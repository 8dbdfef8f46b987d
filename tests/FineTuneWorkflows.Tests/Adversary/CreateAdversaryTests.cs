using FineTuneWorkflows.Activities.Creation;
using FineTuneWorkflows.Activities.Provider;
using FineTuneWorkflows.Tests.Simulator;
using FineTuneWorkflows.Tests.Support;
using FineTuneWorkflows.Wire;
using Temporalio.Exceptions;

namespace FineTuneWorkflows.Tests.Adversary;

/// <summary>
/// Adversarial review of the money-safe create: each test states one way to break the promise
/// "a fine-tune submitted once is exactly one paid provider job, and while that job can run,
/// something watches it or cancels it", against the real activities and the simulator over
/// loopback HTTP. Each test FAILS on the code it was written against; the comment says why the
/// outcome it rejects is a violation.
/// </summary>
public class CreateAdversaryTests
{
    private static readonly CreateFineTuningJobRequest Request = new() { Model = "gpt-4o-mini", TrainingFile = "file-adv1", Suffix = "bot" };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string NewKey() => $"wf-{Guid.NewGuid()}";

    /// <param name="earlierRunSince">As the workflow passes it to a run that follows an earlier one (a reset or a retry).</param>
    private static async Task<JobsBefore> PrepareAsync(ProviderRig rig, string key, CreateFineTuningJobRequest request, DateTimeOffset? earlierRunSince = null) =>
        (await new ActivityAttempt().RunAsync(() => rig.Creation.PrepareCreateAsync(new PrepareCreateInput(key, request, null, null, earlierRunSince)))).Before;

    /// <summary>The heartbeat details the v1 create activity wrote (<c>CreateProgress(bool CreateSent)</c> before commit 6629b89).</summary>
    private sealed record V1CreateProgress(bool CreateSent);

    /// <summary>
    /// MONEY. A workflow started under v1 has its CreateJob activity in flight when the worker is
    /// upgraded (a rolling deploy). The v1 attempt sent the create with our key in metadata and NO
    /// seed (v1's Mark set none), the Portkey gateway dropped the metadata, the provider picked a
    /// seed of its own, and the answer was lost. Attempt 2 now runs the v2 activity with the
    /// v1-shaped input (no Before, no EarlierRunSince): v2 assumes the job carries SeedFor(key),
    /// so it judges the v1 job "NotOurs" (seed differs) and creates a second paid job. The first
    /// job runs on with nobody watching it. (v1 itself would have adopted it by its fields.)
    /// </summary>
    [Fact]
    public async Task CreateJob_V1AttemptMadeTheJobAndLostTheAnswer_V2RetryMustNotCreateASecondJob()
    {
        await using var rig = await ProviderRig.StartAsync();
        rig.DropMetadata();
        var key = "v1-run-id-0f3c"; // v1 keyed the create on the run id
        var requestedAt = DateTimeOffset.UtcNow;

        // What v1's attempt 1 put on the wire: our key in metadata, no seed. Its answer is lost.
        rig.State.InjectFault("POST", "/v1/fine_tuning/jobs", "lose-response", 1);
        await Assert.ThrowsAsync<ProviderException>(() => rig.Client.CreateJobAsync(
            Request with { Metadata = new() { [Idempotency.MetadataKey] = key } }, Ct));
        var v1Job = Assert.Single(rig.State.Jobs);

        // Attempt 2, on the upgraded worker: the input v1's workflow code scheduled, and v1's heartbeat.
        var input = new CreateJobInput(key, Request, requestedAt);
        var outcome = await Record.ExceptionAsync(() =>
            new ActivityAttempt(attempt: 2, heartbeatDetails: new V1CreateProgress(CreateSent: true)).RunAsync(() => rig.Creation.CreateJobAsync(input)));

        // Acceptable: adopt v1's job, or fail naming it. Not acceptable: a second paid job.
        Assert.True(
            rig.State.JobsCreated == 1,
            $"v2 attempt 2 created a second job ({rig.State.JobsCreated} jobs; v1's {v1Job.Id} with seed {v1Job.Seed} is now unwatched). Outcome: {outcome?.Message ?? "returned a job"}");
    }

    /// <summary>
    /// MONEY. Temporal's own operator tools put a retrying activity back to attempt 1 while keeping
    /// its heartbeat details (<c>temporal activity reset</c>, or unpause with reset attempts) —
    /// exactly what an operator does after fixing the cause of a long retry loop. The create then
    /// believes it is the first attempt (<c>attempt &gt; 1</c> is its only evidence of an earlier
    /// send), skips the search, and buys a second job although its own heartbeat says an earlier
    /// attempt was Sending.
    /// </summary>
    [Fact]
    public async Task CreateJob_ActivityResetToAttemptOneAfterALostAnswer_MustNotCreateASecondJob()
    {
        await using var rig = await ProviderRig.StartAsync();
        var key = NewKey();
        var input = new CreateJobInput(key, Request, DateTimeOffset.UtcNow, await PrepareAsync(rig, key, Request));
        rig.State.InjectFault("POST", "/v1/fine_tuning/jobs", "lose-response", 1);
        var first = new ActivityAttempt(attempt: 1);
        await Assert.ThrowsAsync<ApplicationFailureException>(() => first.RunAsync(() => rig.Creation.CreateJobAsync(input)));
        Assert.Equal((1, CreateStage.Sending), ((CreateProgress)first.LastDetails!).Attempt == 1 ? (1, ((CreateProgress)first.LastDetails).Stage) : default);

        // After `temporal activity reset` (heartbeat kept): attempt 1 again, with attempt 1's details.
        var afterReset = await new ActivityAttempt(attempt: 1, heartbeatDetails: first.LastDetails).RunAsync(() => rig.Creation.CreateJobAsync(input));

        Assert.True(afterReset.Adopted, "the create ignored its own heartbeat (Sending) and did not look for the job it had made");
        Assert.Equal(1, rig.State.JobsCreatedFor(key));
    }

    /// <summary>
    /// MONEY. A workflow with a retry policy (any Temporal client may set one) whose first run made
    /// a job it could not tell apart (user's seed, metadata dropped) and failed, naming it, ten
    /// minutes after the job was made (the list was failing meanwhile). The retry run is keyed on
    /// the first run's id, as it should be, but the workflow gives it <c>EarlierRunSince</c> = the
    /// RETRY run's own start (<see cref="Temporalio.Workflows.WorkflowInfo.WorkflowStartTime"/>;
    /// pinned by MoneySafetyScenarioTests.Run_RetryOfAFailedRun_…). The earlier run's job is older
    /// than that minus the 2-minute skew, and it is in the retry's own JobsBefore, so it is no
    /// candidate at all: the retry creates a second paid job, beside the first, which the failure
    /// had just said must be checked by a person ("no second job was created").
    /// </summary>
    [Fact]
    public async Task CreateJob_RetryRunAfterAnAmbiguousFailure_MustNotCreateASecondJob()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var rig = await ProviderRig.StartAsync(clock: clock);
        rig.DropMetadata();
        var request = Request with { Seed = 42 };
        var key = "first-run-id-7a1e";

        // Run 1: prepared, then its create's answer is lost (the job exists).
        var run1 = new CreateJobInput(key, request, clock.GetUtcNow(), await PrepareAsync(rig, key, request));
        rig.State.InjectFault("POST", "/v1/fine_tuning/jobs", "lose-response", 1);
        var attempt1 = new ActivityAttempt(attempt: 1);
        await Assert.ThrowsAsync<ApplicationFailureException>(() => attempt1.RunAsync(() => rig.Creation.CreateJobAsync(run1)));
        var firstJob = Assert.Single(rig.State.Jobs);

        // The list fails for ten minutes; then attempt N can read it and fails, naming the job.
        clock.Advance(TimeSpan.FromMinutes(10));
        var ambiguous = await Assert.ThrowsAsync<ApplicationFailureException>(() =>
            new ActivityAttempt(attempt: 9, heartbeatDetails: attempt1.LastDetails).RunAsync(() => rig.Creation.CreateJobAsync(run1)));
        Assert.Equal(CreationActivities.AmbiguousJobError, ambiguous.ErrorType);
        Assert.Contains(firstJob.Id, ambiguous.Message, StringComparison.Ordinal);

        // The run fails with that ActivityFailure (retryable at the workflow level); the retry run
        // starts now, prepares again, and creates with EarlierRunSince = its own start.
        var retryStart = clock.GetUtcNow();
        // A retry run cannot know when the run it follows started: the workflow says "since ever".
        var run2 = new CreateJobInput(key, request, retryStart, await PrepareAsync(rig, key, request, DateTimeOffset.UnixEpoch), EarlierRunSince: DateTimeOffset.UnixEpoch);
        var outcome = await Record.ExceptionAsync(() => new ActivityAttempt(attempt: 1).RunAsync(() => rig.Creation.CreateJobAsync(run2)));

        Assert.True(
            rig.State.JobsCreated == 1,
            $"the retry run created a second job beside {firstJob.Id}, which the first run's failure named; outcome: {outcome?.Message ?? "returned a new job"}");
    }

    /// <summary>
    /// MONEY (semantics). Two workflows given the same explicit <c>FineTuneOptions.IdempotencyKey</c>
    /// (a pipeline keying on its dataset, say). What the second one does depends on a transient
    /// fault: if its first attempt goes through, it buys a SECOND job carrying the same key (one
    /// key, two paid jobs); if its first attempt meets a 502 that made nothing, it ADOPTS the first
    /// workflow's job — a job its own JobsBefore listed, which JobsBefore's contract says "can
    /// never be taken for the one the workflow made ... whatever it echoes" — so the two
    /// workflows now share one job and either one's cancel kills the other's fine-tune.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task CreateJob_SecondWorkflowWithTheSameExplicitKey_NeitherBuysASecondJobNorTakesAListedOne(bool providerDropsMetadata)
    {
        await using var rig = await ProviderRig.StartAsync();
        rig.DropMetadata(providerDropsMetadata);
        const string key = "dataset-2025-06-01";
        var first = await new ActivityAttempt().RunAsync(async () =>
            await rig.Creation.CreateJobAsync(new CreateJobInput(key, Request, DateTimeOffset.UtcNow, await PrepareAsync(rig, key, Request))));

        // The second workflow's prepare finds the key taken, before any create of its own.
        var refused = await Assert.ThrowsAsync<ApplicationFailureException>(() => PrepareAsync(rig, key, Request));
        Assert.Equal(CreationActivities.KeyInUseError, refused.ErrorType);
        Assert.True(refused.NonRetryable);
        Assert.Contains(first.Job.Id, refused.Message, StringComparison.Ordinal);
        Assert.True(rig.State.JobsCreated == 1, $"one idempotency key, {rig.State.JobsCreated} paid jobs");
    }

    /// <summary>
    /// MONEY (low likelihood, but the code's stated premise is false). A provider is many hosts;
    /// <c>created_at</c> comes from whichever host made the job, so it is not monotonic. Another
    /// client's job stamped by a host whose clock is 3 s ahead is the newest in our prepare list;
    /// our job, made after it by a host 3 s behind, is stamped earlier, so <c>JobsBefore.Existed</c>
    /// ("a provider's clock does not run backwards") rules it out as "existed before". With the
    /// user's seed and metadata dropped, nothing else can flag it: the retry after a lost answer
    /// creates a second job and the first is left unwatched. The same design allows 2 minutes of
    /// skew between Temporal and the provider, but none between the provider's own hosts.
    /// </summary>
    [Fact]
    public async Task CreateJob_ProviderHostsClocksDisagreeBySeconds_RetryMustNotCreateASecondJob()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var rig = await ProviderRig.StartAsync(clock: clock);
        rig.DropMetadata();
        var request = Request with { Seed = 42 };
        var key = NewKey();

        clock.Advance(TimeSpan.FromSeconds(3)); // host A, 3 s ahead
        await rig.Client.CreateJobAsync(request with { TrainingFile = "file-other" }, Ct);
        var input = new CreateJobInput(key, request, clock.GetUtcNow(), await PrepareAsync(rig, key, request));
        clock.Advance(TimeSpan.FromSeconds(-6)); // host B, 3 s behind

        rig.State.InjectFault("POST", "/v1/fine_tuning/jobs", "lose-response", 1);
        var attempt1 = new ActivityAttempt(attempt: 1);
        await Assert.ThrowsAsync<ApplicationFailureException>(() => attempt1.RunAsync(() => rig.Creation.CreateJobAsync(input)));
        var outcome = await Record.ExceptionAsync(() =>
            new ActivityAttempt(attempt: 2, heartbeatDetails: attempt1.LastDetails).RunAsync(() => rig.Creation.CreateJobAsync(input)));

        Assert.True(
            rig.State.JobsCreated == 2,
            $"{rig.State.JobsCreated - 1} jobs of ours: the retry judged its own job 'existed before' and created another; outcome: {outcome?.Message ?? "returned a new job"}");
    }

    /// <summary>
    /// WATCH. A provider that lists jobs oldest first (the client's "newest first" is an assumption
    /// nobody checks). The prepare snapshot then records the oldest page, and the search, finding no
    /// page that ends before that "floor", reads from the oldest job onwards and gives up after ten
    /// pages. With an organisation history of more than 1,000 jobs, the job attempt 1 made (answer
    /// lost) is never read: the create fails "ambiguous" naming other jobs or none — never ours —
    /// so the run ends while our paid job runs, unwatched and unnamed. Where metadata is kept
    /// (OpenAI-style) a single list call filtered by <c>metadata[ftw_idempotency_key]</c> would have
    /// found it; the search does not use the filter at all.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task CreateJob_ProviderListsOldestFirst_RetryFindsOrNamesItsOwnJob(bool providerDropsMetadata)
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var simulator = await ProviderRig.StartAsync(clock: clock);
        await using var front = await OldestFirstProvider.StartAsync(simulator.Simulator.BaseUrl);
        await using var rig = await ProviderRig.StartAsync(clock: clock, provider: _ => new ProviderOptions
        {
            Kind = ProviderKind.OpenAI,
            BaseUrl = front.BaseUrl,
            ApiKey = ProviderRig.ApiKey,
            KeepsMetadata = !providerDropsMetadata,
        });
        simulator.Simulator.Options.DropMetadata = providerDropsMetadata;
        var state = simulator.State;

        // The organisation's history: 1,050 older jobs, made over the past days.
        var other = Request with { TrainingFile = "file-someone-else" };
        clock.Advance(TimeSpan.FromDays(-3));
        for (var i = 0; i < 1050; i++)
        {
            await simulator.Client.CreateJobAsync(other, Ct);
            clock.Advance(TimeSpan.FromMinutes(4));
        }

        var key = NewKey();
        var input = new CreateJobInput(key, Request, clock.GetUtcNow(), await PrepareAsync(rig, key, Request));
        clock.Advance(TimeSpan.FromSeconds(1));
        state.InjectFault("POST", "/v1/fine_tuning/jobs", "lose-response", 1);
        var attempt1 = new ActivityAttempt(attempt: 1);
        await Assert.ThrowsAsync<ApplicationFailureException>(() => attempt1.RunAsync(() => rig.Creation.CreateJobAsync(input)));
        var ours = Assert.Single(state.Jobs, j => state.IdempotencyKeyOf(j.Id) == key);

        var retry = new ActivityAttempt(attempt: 2, heartbeatDetails: attempt1.LastDetails);
        var outcome = await Record.ExceptionAsync(() => retry.RunAsync(() => rig.Creation.CreateJobAsync(input)));

        Assert.Equal(1, state.JobsCreatedFor(key));
        Assert.True(
            outcome is null || outcome.Message.Contains(ours.Id, StringComparison.Ordinal),
            $"the create ended without finding or naming job {ours.Id}, which attempt 1 made: {outcome?.Message}");
    }

    /// <summary>
    /// WATCH. The same blind spot with an ordinary newest-first provider: a workflow reset days
    /// after its job was made (a 3-day training run; the operator resets to the first task). The
    /// reset run's search must reach back to the base run's start, but gives up after ten pages;
    /// an organisation that made more than 1,000 jobs since then gets an "ambiguous" failure naming
    /// none of ours, while the base run's job — which carries our key in its metadata — runs on.
    /// The base run was ended by the reset; nothing watches that job now.
    /// </summary>
    [Fact]
    public async Task CreateJob_RunResetDaysLaterInABusyOrganisation_FindsOrNamesTheBaseRunsJob()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow.AddDays(-3));
        await using var rig = await ProviderRig.StartAsync(clock: clock);
        var key = NewKey();
        var since = clock.GetUtcNow();
        var baseRun = await new ActivityAttempt().RunAsync(async () =>
            await rig.Creation.CreateJobAsync(new CreateJobInput(key, Request, since, await PrepareAsync(rig, key, Request))));

        var other = Request with { TrainingFile = "file-someone-else" };
        for (var i = 0; i < 1050; i++)
        {
            clock.Advance(TimeSpan.FromMinutes(4));
            await rig.Client.CreateJobAsync(other, Ct);
        }

        var reset = new CreateJobInput(key, Request, clock.GetUtcNow(), await PrepareAsync(rig, key, Request, since), EarlierRunSince: since);
        var outcome = await Record.ExceptionAsync(() => new ActivityAttempt().RunAsync(() => rig.Creation.CreateJobAsync(reset)));

        Assert.Equal(1, rig.State.JobsCreatedFor(key));
        Assert.True(
            outcome is null || outcome.Message.Contains(baseRun.Job.Id, StringComparison.Ordinal),
            $"the reset run ended without finding or naming the base run's job {baseRun.Job.Id}: {outcome?.Message}");
    }

    /// <summary>
    /// MONEY (another workflow's job adopted or cancelled). The derived seed is not a secret: every
    /// job object echoes it, and "reproduce that run with the same seed" is everyday ML practice.
    /// Workflow W1 (no seed given) made job J1 with seed SeedFor(K1); a colleague reproduces it as
    /// workflow W2 with the same model, files and suffix and "seed": J1's seed, behind the same
    /// Portkey path (metadata dropped). Later an operator resets W1 to its first task. W1's reset
    /// run judges BOTH jobs "ours" by the seed. If W2's job came a day later, W1 adopts J1 and
    /// cancels W2's running job as a "duplicate". If both were made in the same second, the
    /// tie-break (a stable sort of a newest-first list) makes W1 ADOPT W2's job and cancel its own.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task CreateJob_ResetOfAWorkflowWhoseSeedSomeoneReused_NeitherTakesNorCancelsTheOtherWorkflowsJob(bool sameSecond)
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow.AddDays(-2));
        await using var rig = await ProviderRig.StartAsync(ProviderRig.QuickJobs(TimeSpan.FromDays(5)), clock);
        rig.DropMetadata();
        var k1 = NewKey();
        var since = clock.GetUtcNow();
        var j1 = (await new ActivityAttempt().RunAsync(async () =>
            await rig.Creation.CreateJobAsync(new CreateJobInput(k1, Request, since, await PrepareAsync(rig, k1, Request))))).Job;

        if (!sameSecond)
        {
            clock.Advance(TimeSpan.FromDays(1));
        }

        var reproduce = Request with { Seed = j1.Seed };
        var k2 = NewKey();
        var j2 = (await new ActivityAttempt().RunAsync(async () =>
            await rig.Creation.CreateJobAsync(new CreateJobInput(k2, reproduce, clock.GetUtcNow(), await PrepareAsync(rig, k2, reproduce))))).Job;

        clock.Advance(TimeSpan.FromHours(1));
        var reset = new CreateJobInput(k1, Request, clock.GetUtcNow(), await PrepareAsync(rig, k1, Request, since), EarlierRunSince: since);
        CreateJobOutput? adopted = null;
        var outcome = await Record.ExceptionAsync(async () => adopted = await new ActivityAttempt().RunAsync(() => rig.Creation.CreateJobAsync(reset)));

        // Acceptable: adopt W1's own job, or fail naming both. Not acceptable: take or cancel W2's.
        var theirs = await rig.Client.RetrieveJobAsync(j2.Id, Ct);
        Assert.True(
            adopted?.Job.Id != j2.Id && theirs.Status != JobStatus.Cancelled,
            $"W1's reset run adopted {adopted?.Job.Id} (its own job is {j1.Id}) and left W2's job {j2.Id} {theirs.Status}");
        Assert.True(outcome is null || (outcome.Message.Contains(j1.Id, StringComparison.Ordinal) && outcome.Message.Contains(j2.Id, StringComparison.Ordinal)), outcome?.Message);
        Assert.Equal(2, rig.State.JobsCreated);
    }
}
