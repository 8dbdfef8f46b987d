using System.Diagnostics;
using FineTuneWorkflows.Activities.Creation;
using FineTuneWorkflows.Activities.Provider;
using FineTuneWorkflows.Tests.Simulator;
using FineTuneWorkflows.Tests.Support;
using FineTuneWorkflows.Wire;
using Temporalio.Exceptions;

namespace FineTuneWorkflows.Tests.Creation;

/// <summary>
/// The create activity over real HTTP against the simulator, attempt by attempt as Temporal runs
/// it: each retried attempt gets the attempt number and the last heartbeat of the one before.
/// "Another client" is a create sent straight to the simulator with the same body and no key.
/// </summary>
public class CreateJobActivityTests
{
    private static readonly CreateFineTuningJobRequest Request = new() { Model = "gpt-4o-mini", TrainingFile = "file-train1", Suffix = "bot" };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string NewKey() => $"wf-{Guid.NewGuid()}";

    /// <summary>The create's input as the workflow makes it: after the prepare step listed what was there.</summary>
    private static async Task<CreateJobInput> InputAsync(ProviderRig rig, string key, CreateFineTuningJobRequest? request = null, DateTimeOffset? earlierRunSince = null)
    {
        var asked = request ?? Request;
        var prepared = await new ActivityAttempt().RunAsync(() => rig.Creation.PrepareCreateAsync(new PrepareCreateInput(key, asked, null, null, earlierRunSince)));
        return new CreateJobInput(key, asked, DateTimeOffset.UtcNow, prepared.Before, earlierRunSince, prepared.MetadataKept);
    }

    /// <summary>Another client's create with the same body: no key, no seed of ours.</summary>
    private static Task<FineTuningJob> AnotherClientCreatesAsync(ProviderRig rig, CreateFineTuningJobRequest? request = null) =>
        rig.Client.CreateJobAsync(request ?? Request, Ct);

    [Fact]
    public async Task CreateJob_FirstAttempt_CreatesOneJobCarryingTheKeyAndTheKeysSeed()
    {
        await using var rig = await ProviderRig.StartAsync();
        var key = NewKey();
        var input = await InputAsync(rig, key);
        var listsBefore = rig.State.TotalCalls;

        var output = await new ActivityAttempt().RunAsync(() => rig.Creation.CreateJobAsync(input));

        Assert.False(output.Adopted);
        Assert.Equal("openai", output.Provider);
        Assert.Equal(JobStatus.ValidatingFiles, output.Job.Status);
        Assert.Equal(1, rig.State.JobsCreatedFor(key));
        var stored = Assert.Single(rig.State.Jobs);
        Assert.Equal(key, stored.Metadata!["ftw_idempotency_key"]);
        Assert.Equal(JobIdentity.SeedFor(key), stored.Seed);

        // A first attempt looks once for a job carrying the key (the provider filters by it where it
        // keeps metadata), then creates: two calls.
        Assert.Equal(2, rig.State.TotalCalls - listsBefore);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task CreateJob_ResponseLostAfterTheJobWasMade_RetryAdoptsItAndMakesNoSecond(bool providerDropsMetadata)
    {
        await using var rig = await ProviderRig.StartAsync();
        rig.DropMetadata(providerDropsMetadata);
        var input = await InputAsync(rig, NewKey());
        rig.State.InjectFault("POST", "/v1/fine_tuning/jobs", "lose-response", 1);

        var first = new ActivityAttempt(attempt: 1);
        var lost = await Assert.ThrowsAsync<ApplicationFailureException>(() => first.RunAsync(() => rig.Creation.CreateJobAsync(input)));
        var retried = await new ActivityAttempt(attempt: 2, heartbeatDetails: first.LastDetails).RunAsync(() => rig.Creation.CreateJobAsync(input));

        Assert.False(lost.NonRetryable);
        Assert.Equal(ProviderErrorTypes.Unavailable, lost.ErrorType);
        var sending = Assert.IsType<CreateProgress>(first.LastDetails);
        Assert.Equal((1, CreateStage.Sending), (sending.Attempt, sending.Stage));
        Assert.NotNull(sending.At);
        Assert.True(retried.Adopted);
        Assert.Equal(1, rig.State.JobsCreated);
        Assert.Equal(rig.State.Jobs.Single().Id, retried.Job.Id);
    }

    [Fact]
    public async Task CreateJob_ResponseLostAndAnotherClientMadeTheSameJobJustBefore_AdoptsOnlyItsOwn()
    {
        await using var rig = await ProviderRig.StartAsync();
        rig.DropMetadata();
        var input = await InputAsync(rig, NewKey());
        var theirs = await AnotherClientCreatesAsync(rig);
        rig.State.InjectFault("POST", "/v1/fine_tuning/jobs", "lose-response", 1);

        var first = new ActivityAttempt(attempt: 1);
        await Assert.ThrowsAsync<ApplicationFailureException>(() => first.RunAsync(() => rig.Creation.CreateJobAsync(input)));
        var retried = await new ActivityAttempt(attempt: 2, heartbeatDetails: first.LastDetails).RunAsync(() => rig.Creation.CreateJobAsync(input));

        Assert.True(retried.Adopted);
        Assert.NotEqual(theirs.Id, retried.Job.Id);
        Assert.Equal(JobIdentity.SeedFor(input.IdempotencyKey), retried.Job.Seed);
        Assert.Equal(2, rig.State.JobsCreated);
    }

    [Fact]
    public async Task CreateJob_GatewayErrorMadeNoJobAndAnotherClientsIdenticalJobExists_CreatesItsOwnInsteadOfTakingTheirs()
    {
        await using var rig = await ProviderRig.StartAsync();
        rig.DropMetadata();
        var input = await InputAsync(rig, NewKey());
        rig.State.InjectFault("POST", "/v1/fine_tuning/jobs", "502-html", 1);

        var first = new ActivityAttempt(attempt: 1);
        var failed = await Assert.ThrowsAsync<ApplicationFailureException>(() => first.RunAsync(() => rig.Creation.CreateJobAsync(input)));
        var theirs = await AnotherClientCreatesAsync(rig);
        var retried = await new ActivityAttempt(attempt: 2, heartbeatDetails: first.LastDetails).RunAsync(() => rig.Creation.CreateJobAsync(input));

        Assert.False(failed.NonRetryable);
        Assert.False(retried.Adopted);
        Assert.NotEqual(theirs.Id, retried.Job.Id);
        Assert.Equal(1, rig.State.JobsCreatedFor(input.IdempotencyKey));
    }

    [Fact]
    public async Task CreateJob_UsersOwnSeedMetadataDroppedAndTwoLookalikesSinceTheFirstAttempt_FailsNamingBothAndCreatesNothing()
    {
        await using var rig = await ProviderRig.StartAsync();
        rig.DropMetadata();
        var request = Request with { Seed = 42 };
        var input = await InputAsync(rig, NewKey(), request);
        rig.State.InjectFault("POST", "/v1/fine_tuning/jobs", "lose-response", 1);

        var first = new ActivityAttempt(attempt: 1);
        await Assert.ThrowsAsync<ApplicationFailureException>(() => first.RunAsync(() => rig.Creation.CreateJobAsync(input)));
        var theirs = await AnotherClientCreatesAsync(rig, request);
        var ambiguous = await Assert.ThrowsAsync<ApplicationFailureException>(() =>
            new ActivityAttempt(attempt: 2, heartbeatDetails: first.LastDetails).RunAsync(() => rig.Creation.CreateJobAsync(input)));

        Assert.True(ambiguous.NonRetryable);
        Assert.Equal("FineTuneJobAmbiguous", ambiguous.ErrorType);
        Assert.All(rig.State.Jobs, j => Assert.Contains(j.Id, ambiguous.Message, StringComparison.Ordinal));
        Assert.Contains(theirs.Id, ambiguous.Message, StringComparison.Ordinal);
        Assert.Contains("no second job was created", ambiguous.Message, StringComparison.Ordinal);
        Assert.Equal(2, rig.State.JobsCreated);
    }

    [Fact]
    public async Task CreateJob_AnIdenticalJobExistedBeforeTheFirstAttempt_IsNeverTakenEvenWithNothingEchoed()
    {
        await using var rig = await ProviderRig.StartAsync();
        rig.DropMetadata();
        var request = Request with { Seed = 42 };
        var theirs = await AnotherClientCreatesAsync(rig, request);
        var input = await InputAsync(rig, NewKey(), request);
        rig.State.InjectFault("POST", "/v1/fine_tuning/jobs", "502-html", 1);

        var first = new ActivityAttempt(attempt: 1);
        await Assert.ThrowsAsync<ApplicationFailureException>(() => first.RunAsync(() => rig.Creation.CreateJobAsync(input)));
        var retried = await new ActivityAttempt(attempt: 2, heartbeatDetails: first.LastDetails).RunAsync(() => rig.Creation.CreateJobAsync(input));

        Assert.False(retried.Adopted);
        Assert.NotEqual(theirs.Id, retried.Job.Id);
        Assert.Equal(2, rig.State.JobsCreated);
    }

    [Fact]
    public async Task CreateJob_TwoOfOurWorkflowsWithOneBodyOneLosingItsResponse_EachFollowsItsOwnJob()
    {
        await using var rig = await ProviderRig.StartAsync();
        rig.DropMetadata();
        var a = await InputAsync(rig, NewKey());
        var b = await InputAsync(rig, NewKey());
        rig.State.InjectFault("POST", "/v1/fine_tuning/jobs", "lose-response", 1);

        var firstOfB = new ActivityAttempt(attempt: 1);
        await Assert.ThrowsAsync<ApplicationFailureException>(() => firstOfB.RunAsync(() => rig.Creation.CreateJobAsync(b)));
        var jobOfA = await new ActivityAttempt().RunAsync(() => rig.Creation.CreateJobAsync(a));
        var jobOfB = await new ActivityAttempt(attempt: 2, heartbeatDetails: firstOfB.LastDetails).RunAsync(() => rig.Creation.CreateJobAsync(b));

        Assert.NotEqual(jobOfA.Job.Id, jobOfB.Job.Id);
        Assert.True(jobOfB.Adopted);
        Assert.Equal(2, rig.State.JobsCreated);
    }

    [Theory]
    [InlineData(false, null)]
    [InlineData(true, null)]
    [InlineData(false, 42L)]
    public async Task CreateJob_FirstAttemptOfARunAfterAReset_FindsTheEarlierRunsJob(bool providerDropsMetadata, long? userSeed)
    {
        await using var rig = await ProviderRig.StartAsync();
        rig.DropMetadata(providerDropsMetadata);
        var request = Request with { Seed = userSeed };
        var key = NewKey();
        var since = DateTimeOffset.UtcNow.AddMinutes(-5);
        var earlier = await new ActivityAttempt().RunAsync(async () => await rig.Creation.CreateJobAsync(await InputAsync(rig, key, request)));

        // The reset run prepares again: the earlier run's job is in its list, and still found by what it echoes.
        var output = await new ActivityAttempt().RunAsync(async () => await rig.Creation.CreateJobAsync(await InputAsync(rig, key, request, earlierRunSince: since)));

        Assert.True(output.Adopted);
        Assert.Equal(earlier.Job.Id, output.Job.Id);
        Assert.Equal(1, rig.State.JobsCreated);
    }

    [Fact]
    public async Task CreateJob_RunAfterAResetWithNothingEchoedOfOurs_FailsNamingTheLookalikeAndCreatesNothing()
    {
        await using var rig = await ProviderRig.StartAsync();
        rig.DropMetadata();
        var request = Request with { Seed = 42 };
        var key = NewKey();
        var earlier = await new ActivityAttempt().RunAsync(async () => await rig.Creation.CreateJobAsync(await InputAsync(rig, key, request)));
        var input = await InputAsync(rig, key, request, earlierRunSince: DateTimeOffset.UtcNow.AddMinutes(-5));

        var ambiguous = await Assert.ThrowsAsync<ApplicationFailureException>(() => new ActivityAttempt().RunAsync(() => rig.Creation.CreateJobAsync(input)));

        Assert.True(ambiguous.NonRetryable);
        Assert.Contains(earlier.Job.Id, ambiguous.Message, StringComparison.Ordinal);
        Assert.Contains("earlier run", ambiguous.Message, StringComparison.Ordinal);
        Assert.Equal(1, rig.State.JobsCreated);
    }

    [Fact]
    public async Task CreateJob_RunAfterAResetWhenTheEarlierRunMadeNothing_Creates()
    {
        await using var rig = await ProviderRig.StartAsync();
        rig.DropMetadata();
        var input = await InputAsync(rig, NewKey(), Request with { Seed = 42 }, earlierRunSince: DateTimeOffset.UtcNow.AddMinutes(-5));

        var output = await new ActivityAttempt().RunAsync(() => rig.Creation.CreateJobAsync(input));

        Assert.False(output.Adopted);
        Assert.Equal(1, rig.State.JobsCreated);
    }

    /// <summary>
    /// The run before the reset was the first version's: it sent our key in metadata (dropped on
    /// this path) and no seed, so its job echoes a seed the provider chose. Judged by our seed it
    /// looked like another client's, and the reset run created a second job beside it.
    /// </summary>
    [Fact]
    public async Task CreateJob_RunAfterAResetOfAFirstVersionRunWithMetadataDropped_NamesItsJobAndCreatesNothing()
    {
        await using var rig = await ProviderRig.StartAsync();
        rig.DropMetadata();
        var key = NewKey();
        var firstVersionJob = await AnotherClientCreatesAsync(rig, JobIdentity.Mark(Request, key, chooseSeed: false));
        var input = await InputAsync(rig, key, earlierRunSince: DateTimeOffset.UtcNow.AddMinutes(-5));

        var ambiguous = await Assert.ThrowsAsync<ApplicationFailureException>(() => new ActivityAttempt().RunAsync(() => rig.Creation.CreateJobAsync(input)));

        Assert.True(ambiguous.NonRetryable);
        Assert.Contains(firstVersionJob.Id, ambiguous.Message, StringComparison.Ordinal);
        Assert.Equal(1, rig.State.JobsCreated);
    }

    /// <summary>
    /// A worker that dies in the create call leaves only the heartbeat written before it; the
    /// request may have left as late as the call's limit (30 s here) after that, connecting
    /// included. The next attempt waits out the settle time from then: counted from the heartbeat
    /// itself, a gateway still holding the first create let a second out.
    /// </summary>
    [Fact]
    public async Task CreateJob_WorkerDiedInTheCreateCall_NextAttemptWaitsTheCallLimitPlusTheSettleTime()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var rig = await ProviderRig.StartAsync(clock: clock);
        rig.DropMetadata();
        rig.Options.CreateSettleTime = TimeSpan.FromMinutes(2);
        var input = await InputAsync(rig, NewKey());
        rig.State.InjectFault("POST", "/v1/fine_tuning/jobs", "500", 1);
        var first = new ActivityAttempt();
        await Assert.ThrowsAsync<ApplicationFailureException>(() => first.RunAsync(() => rig.Creation.CreateJobAsync(input)));
        var beforeTheCall = first.Heartbeats.Select(h => h[0]).OfType<CreateProgress>().First(p => p.Stage == CreateStage.Sending);
        Assert.Equal(clock.GetUtcNow() + TimeSpan.FromSeconds(30), beforeTheCall.At);

        // Attempt 1's create got a 5xx (a gateway's, say, while it still holds the request) and its
        // worker died in the call: attempt 2 has only the heartbeat written before it.
        clock.Advance(TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(20));
        var retry = new ActivityAttempt(attempt: 2, heartbeatDetails: beforeTheCall);
        var settling = await Assert.ThrowsAsync<ApplicationFailureException>(() => retry.RunAsync(() => rig.Creation.CreateJobAsync(input)));

        Assert.Equal("Settling", settling.ErrorType);
        Assert.Equal(TimeSpan.FromSeconds(10), settling.NextRetryDelay);
        Assert.Equal(0, rig.State.JobsCreated);
        // What the Web UI shows on the pending create: why it waits, and until when.
        Assert.Equal(
            $"A create sent earlier went unanswered and its job is not listed yet; it may still land, so no second create goes out before {clock.GetUtcNow() + TimeSpan.FromSeconds(10):u}",
            settling.Message);
    }

    /// <summary>A create call that failed is over: its request had left by then, and the settle time counts from there.</summary>
    [Fact]
    public async Task CreateJob_CreateCallFailedUnanswered_RecordsItsEndAsTheLatestSendTime()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var rig = await ProviderRig.StartAsync(clock: clock);
        var input = await InputAsync(rig, NewKey());
        rig.State.InjectFault("POST", "/v1/fine_tuning/jobs", "lose-response", 1);
        var first = new ActivityAttempt();

        await Assert.ThrowsAsync<ApplicationFailureException>(() => first.RunAsync(() => rig.Creation.CreateJobAsync(input)));

        Assert.Equal(new CreateProgress(1, CreateStage.Sending, clock.GetUtcNow()), first.LastDetails);
    }

    [Theory]
    [InlineData("401", "ProviderAuthenticationFailed")]
    [InlineData("429-quota", "ProviderQuotaExceeded")]
    public async Task CreateJob_FirstAttemptRefusedOutright_FailsForGoodSayingNoJobWasCreated(string fault, string errorType)
    {
        await using var rig = await ProviderRig.StartAsync();
        var input = await InputAsync(rig, NewKey());
        rig.State.InjectFault("POST", "/v1/fine_tuning/jobs", fault, 1);

        var attempt = new ActivityAttempt();
        var refused = await Assert.ThrowsAsync<ApplicationFailureException>(() => attempt.RunAsync(() => rig.Creation.CreateJobAsync(input)));

        Assert.True(refused.NonRetryable);
        Assert.Equal(errorType, refused.ErrorType);
        Assert.EndsWith("No job was created.", refused.Message, StringComparison.Ordinal);
        Assert.Equal(new CreateProgress(1, CreateStage.Refused), attempt.LastDetails);
        Assert.Equal(0, rig.State.JobsCreated);
    }

    [Fact]
    public async Task CreateJob_RateLimited_IsRetriedAfterTheProvidersDelayAndTheRetrySkipsTheSearch()
    {
        await using var rig = await ProviderRig.StartAsync();
        rig.DropMetadata();
        var input = await InputAsync(rig, NewKey(), Request with { Seed = 42 });
        rig.State.InjectFault("POST", "/v1/fine_tuning/jobs", "429;retry-after=7", 1);

        var first = new ActivityAttempt();
        var limited = await Assert.ThrowsAsync<ApplicationFailureException>(() => first.RunAsync(() => rig.Creation.CreateJobAsync(input)));
        var theirs = await AnotherClientCreatesAsync(rig, Request with { Seed = 42 });
        var callsBefore = rig.State.TotalCalls;
        var retried = await new ActivityAttempt(attempt: 2, heartbeatDetails: first.LastDetails).RunAsync(() => rig.Creation.CreateJobAsync(input));

        Assert.False(limited.NonRetryable);
        Assert.Equal(TimeSpan.FromSeconds(7), limited.NextRetryDelay);
        Assert.Equal(ProviderErrorTypes.RateLimited, limited.ErrorType);

        // A refusal that is retried says nothing of jobs: the next attempt may yet create one.
        Assert.DoesNotContain("No job was created", limited.Message, StringComparison.Ordinal);

        // The attempt before was refused outright after finding nothing: no job of ours can exist,
        // so the lookalike another client made meanwhile is not weighed (one list, one create).
        Assert.Equal(2, rig.State.TotalCalls - callsBefore);
        Assert.False(retried.Adopted);
        Assert.NotEqual(theirs.Id, retried.Job.Id);
    }

    [Theory]
    [InlineData("401")]
    [InlineData("429-quota")]
    public async Task CreateJob_RetryAfterALostResponseMeetsAFinalLookingError_KeepsRetrying(string fault)
    {
        await using var rig = await ProviderRig.StartAsync();
        var input = await InputAsync(rig, NewKey());
        rig.State.InjectFault("POST", "/v1/fine_tuning/jobs", "lose-response", 1);
        var first = new ActivityAttempt();
        await Assert.ThrowsAsync<ApplicationFailureException>(() => first.RunAsync(() => rig.Creation.CreateJobAsync(input)));
        rig.State.InjectFault("GET", "/v1/fine_tuning/jobs", fault, 1);

        var failed = await Assert.ThrowsAsync<ApplicationFailureException>(() =>
            new ActivityAttempt(attempt: 2, heartbeatDetails: first.LastDetails).RunAsync(() => rig.Creation.CreateJobAsync(input)));
        var found = await new ActivityAttempt(attempt: 3, heartbeatDetails: first.LastDetails).RunAsync(() => rig.Creation.CreateJobAsync(input));

        // The job the lost response made may run: the key may be rotated, the quota spent, but
        // the job is looked for until it is found, never left behind.
        Assert.False(failed.NonRetryable);
        Assert.Contains("retrying: a create may have reached the provider", failed.Message, StringComparison.Ordinal);
        Assert.True(found.Adopted);
        Assert.Equal(1, rig.State.JobsCreated);
    }

    [Fact]
    public async Task CreateJob_EveryProviderCall_IsPrecededByAHeartbeat()
    {
        await using var rig = await ProviderRig.StartAsync();
        var input = await InputAsync(rig, NewKey());
        rig.State.InjectFault("POST", "/v1/fine_tuning/jobs", "lose-response", 1);
        var first = new ActivityAttempt();
        await Assert.ThrowsAsync<ApplicationFailureException>(() => first.RunAsync(() => rig.Creation.CreateJobAsync(input)));
        var callsAtHeartbeat = new List<long>();
        var start = rig.State.TotalCalls;

        await new ActivityAttempt(attempt: 2, heartbeatDetails: first.LastDetails, onHeartbeat: _ => callsAtHeartbeat.Add(rig.State.TotalCalls - start))
            .RunAsync(() => rig.Creation.CreateJobAsync(input));

        // One list call (the job is found on the first page): one heartbeat before it.
        Assert.Equal(1, rig.State.TotalCalls - start);
        Assert.Equal([0L], callsAtHeartbeat);
    }

    [Fact]
    public async Task CreateJob_ProviderHoldsTheCall_ItIsCutWellInsideTheHeartbeatTimeoutAndMakesNoJob()
    {
        await using var rig = await ProviderRig.StartAsync();
        var input = await InputAsync(rig, NewKey());
        rig.State.InjectFault("POST", "/v1/fine_tuning/jobs", "slow=10000", 1);

        // Heartbeat timeout 4 s: the SDK may hold a heartbeat back 3.2 s, leaving a 0.8 s margin;
        // a call may take half of it.
        var watch = Stopwatch.StartNew();
        var cut = await Assert.ThrowsAsync<ApplicationFailureException>(() =>
            new ActivityAttempt(heartbeatTimeout: TimeSpan.FromSeconds(4)).RunAsync(() => rig.Creation.CreateJobAsync(input)));
        watch.Stop();

        Assert.Equal(ProviderErrorTypes.Timeout, cut.ErrorType);
        Assert.False(cut.NonRetryable);
        Assert.InRange(watch.Elapsed, TimeSpan.FromMilliseconds(350), TimeSpan.FromSeconds(3));
        Assert.Equal(0, rig.State.JobsCreated);
    }

    [Fact]
    public async Task CreateJob_AttemptStalledAfterItsHeartbeatWhileTheNextRan_SendsNothingAndOneJobResults()
    {
        await using var rig = await ProviderRig.StartAsync();
        var input = await InputAsync(rig, NewKey());
        var timeout = TimeSpan.FromSeconds(4);
        using var release = new ManualResetEventSlim();

        // Attempt 1 freezes right after its heartbeat (a paused VM, a long GC); Temporal, hearing
        // nothing, starts attempt 2, which creates the job. Attempt 1 then wakes up.
        var first = new ActivityAttempt(attempt: 1, heartbeatTimeout: timeout, onHeartbeat: _ => release.Wait(TestContext.Current.CancellationToken));
        var stalled = Task.Run(() => first.RunAsync(() => rig.Creation.CreateJobAsync(input)), Ct);
        while (first.Heartbeats.Count == 0)
        {
            await Task.Delay(10, Ct);
        }

        var second = await new ActivityAttempt(attempt: 2, heartbeatDetails: first.LastDetails, heartbeatTimeout: timeout).RunAsync(() => rig.Creation.CreateJobAsync(input));
        await Task.Delay(300, Ct);
        release.Set();
        var woke = await Assert.ThrowsAsync<ApplicationFailureException>(() => stalled);

        Assert.Equal("ActivityAttemptStalled", woke.ErrorType);
        Assert.Matches(@"^This attempt stalled for \d+(\.\d)? s after a heartbeat; a later attempt may already be running, so it makes no further call$", woke.Message);
        Assert.False(woke.NonRetryable);
        Assert.False(second.Adopted);
        Assert.Equal(1, rig.State.JobsCreated);
    }

    [Theory]
    [InlineData("training_file")]
    [InlineData("suffix")]
    [InlineData("metadata")]
    [InlineData("idempotency_key")]
    public async Task CreateJob_BadInput_FailsForGoodBeforeAnyHttpCall(string field)
    {
        await using var rig = await ProviderRig.StartAsync();
        var input = new CreateJobInput(field == "idempotency_key" ? string.Empty : "wf-1", field switch
        {
            "training_file" => Request with { TrainingFile = "../../etc/passwd" },
            "suffix" => Request with { Suffix = new string('x', 65) },
            "metadata" => Request with { Metadata = Enumerable.Range(0, 16).ToDictionary(i => $"k{i}", _ => "v") },
            _ => Request,
        }, DateTimeOffset.UtcNow);

        var error = await Assert.ThrowsAsync<ApplicationFailureException>(() => new ActivityAttempt(attempt: 3).RunAsync(() => rig.Creation.CreateJobAsync(input)));

        Assert.True(error.NonRetryable);
        Assert.Equal(InvalidRequestException.ErrorType, error.ErrorType);
        Assert.Contains(field, error.Message, StringComparison.Ordinal);
        Assert.Equal(0, rig.State.TotalCalls);
    }
}
