using FineTuneWorkflows.Activities.Provider;
using FineTuneWorkflows.Activities.Results;
using FineTuneWorkflows.Wire;
using Microsoft.Extensions.Logging;
using Temporalio.Activities;
using Temporalio.Exceptions;
using static FineTuneWorkflows.Activities.CurrentActivity;

namespace FineTuneWorkflows.Activities.Creation;

/// <summary>
/// The activities that make a provider job exactly once: prepare (everything that must hold
/// before money is spent), create (finds a job an earlier attempt made before it sends another)
/// and find (a job a create that was refused or lost may have made).
/// </summary>
public sealed class CreationActivities(FineTuningClient client, IArtifactStore artifacts, TimeProvider clock)
{
    /// <summary>The failure type of a create that found jobs it cannot tell from its own.</summary>
    public const string AmbiguousJobError = AmbiguousFailure.ErrorType;

    private const int SearchPageSize = 100;

    /// <summary>5,000 jobs: far more than one organisation makes between a create and its retry.</summary>
    private const int MaxSearchPages = 50;

    private const string MayHaveCreatedReason = "a create may have reached the provider, so the job is looked for until it is found or proved absent";

    /// <summary>The failure type of a fresh fine-tune whose key a job at the provider already carries.</summary>
    public const string KeyInUseError = "FineTuneKeyInUse";

    /// <summary>
    /// Everything that must hold before money is spent, and what the create will need: the request
    /// and every option are valid, the artifact folder takes files, no job already carries this
    /// fine-tune's key (the caller gave one that another fine-tune used), and what the provider
    /// lists now — no lookalike in that list can ever be taken for the job the create makes.
    /// Nothing here can have made a job, so the provider's answers stand as they are classified;
    /// unless an earlier run of the workflow may have made one, which must then still be found.
    /// </summary>
    [Activity("PrepareCreate")]
    public Task<PrepareCreateOutput> PrepareCreateAsync(PrepareCreateInput input) => ActivityFailures.TranslateAsync(async () =>
    {
        ArgumentNullException.ThrowIfNull(input);
        var identity = Identify(new CreateJobInput(input.IdempotencyKey, input.Request, clock.GetUtcNow(), new JobsBefore([], null), input.EarlierRunSince));
        if (input.Poll?.Problems() is { Count: > 0 } problems)
        {
            throw new InvalidRequestException("poll_policy", string.Join("; ", problems));
        }

        await artifacts.EnsureWritableAsync(input.ArtifactFolder, Cancellation);
        var newest = await client.ListJobsAsync(limit: SearchPageSize, cancellationToken: Cancellation);
        if (input.EarlierRunSince is null && await KeyTakenAsync(identity, newest.Data) is { } taken)
        {
            throw new ApplicationFailureException(
                $"Job {taken.Id} already carries this fine-tune's idempotency key (or the seed it derives): the key names one job only. Use a new key for a new fine-tune. No job was created.",
                KeyInUseError,
                nonRetryable: true,
                details: [new ProviderErrorDetails("idempotency_key_in_use", null, "idempotency_key", null)]);
        }

        return new PrepareCreateOutput(JobsBefore.From(newest.Data), identity.MetadataKept, client.Provider, client.LimitFor(input.Request.Model));
    }, jobExists: input?.EarlierRunSince is not null);

    /// <summary>A job that already carries the key: found by the provider where it keeps metadata, else among the newest jobs.</summary>
    private async Task<FineTuningJob?> KeyTakenAsync(CreateIdentity identity, IReadOnlyList<FineTuningJob> newest)
    {
        if (identity.MetadataKept)
        {
            var marked = await client.ListJobsAsync(limit: 10, metadata: new Dictionary<string, string> { [Idempotency.MetadataKey] = identity.Key }, cancellationToken: Cancellation);
            if (marked.Data.FirstOrDefault(j => identity.Judge(j) == Evidence.Ours) is { } job)
            {
                return job;
            }
        }

        return newest.FirstOrDefault(j => identity.Judge(j) is Evidence.Ours or Evidence.SeedMatch);
    }

    /// <summary>
    /// Creates the provider job, unless an earlier attempt or run already did: the create call is
    /// not idempotent at any provider, and a lost response must not buy a second paid job. Every
    /// attempt first reads the provider's list for a job that carries this workflow's key or seed;
    /// one that may follow an unanswered create also weighs the jobs that only look like its own,
    /// and sends a second create only once the first can no longer land. Each provider call is
    /// preceded by a heartbeat and bounded well inside the heartbeat timeout (<see cref="GuardedCalls"/>).
    /// </summary>
    [Activity("CreateJob")]
    public async Task<CreateJobOutput> CreateJobAsync(CreateJobInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var identity = IdentifyOrFail(input);
        var attempt = Context.Info.Attempt;
        var earlier = await EarlierAttemptAsync();
        var mayHaveCreated = input.EarlierRunSince is not null || RefusalMayHaveCreated(input, identity) || (earlier is not null ? !earlier.ProvesNoJobBefore(attempt) : attempt > 1);
        var calls = new GuardedCalls(client, Context.Info.HeartbeatTimeout);
        var stage = CreateStage.Searching;
        try
        {
            var verdict = await DecideAsync(calls, identity, attempt, mayHaveCreated);
            if (verdict is CreateVerdict.Adopt adopt)
            {
                await CancelDuplicatesAsync(calls, adopt.Duplicates, attempt);
                Context.Logger.LogInformation("Adopted job {JobId} made by an earlier attempt or run (key {IdempotencyKey})", adopt.Job.Id, input.IdempotencyKey);
                return new CreateJobOutput(adopt.Job, Adopted: true, client.Provider);
            }

            // Nothing of ours is listed yet; a create that went out unanswered may still land, and
            // nothing is concluded (no second create, no verdict of ambiguity) until it cannot.
            if (mayHaveCreated)
            {
                AwaitSettling(earlier, input, attempt);
            }

            ThrowUnlessCreate(verdict);
            // Should the worker die in the call, the next attempt reads that the request may have
            // left as late as the call's limit from now (connecting takes time too).
            stage = CreateStage.Sending;
            var job = await calls.RunAsync(new CreateProgress(attempt, stage, clock.GetUtcNow() + calls.CallLimit), c => c.CreateJobAsync(identity.Sent, input.IdempotencyKey, Cancellation));
            Context.Logger.LogInformation("Created job {JobId} for model {Model}", job.Id, job.Model);
            return new CreateJobOutput(job, Adopted: false, client.Provider);
        }
        catch (ProviderException e) when (stage == CreateStage.Sending && ProviderErrors.IsRefusal(e))
        {
            // Refused outright, after a search that found no job of ours (or with none possible):
            // no job exists, so a final answer is final, and the next attempt need not weigh lookalikes.
            Context.Heartbeat(new CreateProgress(attempt, CreateStage.Refused));
            // No room at the provider: final for this activity, so that the workflow waits for
            // room with a timer, holding nothing, and shows why (the first version's workflows
            // cannot wait, so theirs retries as before). Its next create looks for a job first
            // (RefusedForRoomAt): a gateway's retry may have been refused by our own job.
            var waitForRoom = ProviderErrorTypes.IsCapacity(e.ErrorType) && !input.FromFirstVersion;
            throw ActivityFailures.ToFailure(e.Retryable && !waitForRoom ? e : FinalWithNoJob(e));
        }
        catch (ProviderException e)
        {
            // The job may exist: no answer is final until we know which job is ours. The call is
            // over, so its request had left by now.
            if (stage == CreateStage.Sending)
            {
                Context.Heartbeat(new CreateProgress(attempt, stage, clock.GetUtcNow()));
            }

            throw ActivityFailures.ToFailure(e, stage == CreateStage.Sending || mayHaveCreated ? MayHaveCreatedReason : null);
        }
    }

    /// <summary>
    /// Looks for the job an earlier run of this workflow (before a reset, or a retry) may have
    /// made, without creating one: what a run that was cancelled before its own create does, so
    /// that the job is cancelled rather than left behind. Null when there is none.
    /// </summary>
    [Activity("FindJob")]
    public async Task<FindJobOutput> FindJobAsync(CreateJobInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var identity = IdentifyOrFail(input);
        try
        {
            var calls = new GuardedCalls(client, Context.Info.HeartbeatTimeout);
            var attempt = Context.Info.Attempt;
            var verdict = await DecideAsync(calls, identity, attempt, mayHaveCreated: input.EarlierRunSince is not null || RefusalMayHaveCreated(input, identity));
            if (verdict is CreateVerdict.Adopt adopt)
            {
                await CancelDuplicatesAsync(calls, adopt.Duplicates, attempt);
                return new FindJobOutput(adopt.Job, client.Provider);
            }

            // The earlier run's last create may still land: look again once it cannot.
            AwaitSettling(await EarlierAttemptAsync(), input, attempt);
            ThrowUnlessCreate(verdict);
            return new FindJobOutput(null, client.Provider);
        }
        catch (ProviderException e)
        {
            throw ActivityFailures.ToFailure(e, MayHaveCreatedReason);
        }
    }

    /// <summary>
    /// A create refused for want of room may have made our job all the same (a gateway's retry
    /// met the cap our own job fills): it is looked for as after a lost answer — where our job
    /// would show itself. Where it would not, every identical fine-tune's job would look like it,
    /// and each waiting fine-tune would stop as ambiguous when any of them got room: there the
    /// refusal is trusted, as every other refusal is.
    /// </summary>
    private static bool RefusalMayHaveCreated(CreateJobInput input, CreateIdentity identity) =>
        input.RefusedForRoomAt is not null && identity.OursShowsItself;

    /// <summary>Ends the attempt unless the verdict is to create: ambiguity is final.</summary>
    private static void ThrowUnlessCreate(CreateVerdict verdict)
    {
        if (verdict is CreateVerdict.Ambiguous ambiguous)
        {
            throw AmbiguousFailure.For(ambiguous);
        }
    }

    private CreateIdentity IdentifyOrFail(CreateJobInput input)
    {
        try
        {
            return Identify(input);
        }
        catch (InvalidRequestException e)
        {
            throw ActivityFailures.ToFailure(e);
        }
    }

    private CreateIdentity Identify(CreateJobInput input)
    {
        if (string.IsNullOrWhiteSpace(input.IdempotencyKey) || input.IdempotencyKey.Length > RequestValidation.MaxMetadataValueLength)
        {
            throw new InvalidRequestException("idempotency_key", $"must be 1 to {RequestValidation.MaxMetadataValueLength} characters");
        }

        // The first version's creates chose no seed: a job it made carries the provider's own.
        var chooseSeed = !input.FromFirstVersion;
        var sent = JobIdentity.Mark(input.Request, input.IdempotencyKey, chooseSeed);
        RequestValidation.EnsureValid(sent);
        return new CreateIdentity(
            input.IdempotencyKey, sent, chooseSeed && input.Request.Seed is null, input.Before, input.RequestedAt, input.EarlierRunSince, input.MetadataKept ?? client.MetadataKept);
    }

    private static async Task<CreateProgress?> EarlierAttemptAsync() =>
        Context.Info.HeartbeatDetails.Count > 0 ? await Context.Info.HeartbeatDetailAtAsync<CreateProgress>(0) : null;

    /// <summary>
    /// A create that went out unanswered may still land (a gateway may hold it): no second one goes
    /// out until it cannot. When the send time is unknown (the worker died before its heartbeat got
    /// out) the wait starts now, and is remembered for the next attempt; after a refusal for want of
    /// room, from that refusal.
    /// </summary>
    private void AwaitSettling(CreateProgress? earlier, CreateJobInput input, int attempt)
    {
        var now = clock.GetUtcNow();
        var until = earlier?.MayLandUntil(client.CreateSettleTime) ?? input.RefusedForRoomAt + client.CreateSettleTime ?? now + client.CreateSettleTime;
        if (until <= now)
        {
            return;
        }

        Context.Heartbeat(new CreateProgress(attempt, CreateStage.Settling, until));
        throw new ApplicationFailureException(
            $"A create sent earlier went unanswered and its job is not listed yet; it may still land, so no second create goes out before {until:u}",
            nameof(CreateStage.Settling),
            nextRetryDelay: until - now);
    }

    /// <summary>Reads the provider's list and decides.</summary>
    private static async Task<CreateVerdict> DecideAsync(GuardedCalls calls, CreateIdentity identity, int attempt, bool mayHaveCreated)
    {
        var progress = new CreateProgress(attempt, CreateStage.Searching);

        // Where metadata is kept, the provider finds our key itself, wherever the job sits in its list.
        if (identity.MetadataKept)
        {
            var marked = await calls.RunAsync(progress, c => c.ListJobsAsync(limit: SearchPageSize, metadata: new Dictionary<string, string> { [Idempotency.MetadataKey] = identity.Key }, cancellationToken: Cancellation));
            if (marked.Data.All(j => identity.Judge(j) == Evidence.Ours) && !marked.HasMore)
            {
                return CreateDecision.Decide(identity, marked.Data, complete: true, mayHaveCreated);
            }

            // The filter was ignored: fall back to reading the list.
        }

        var (seen, complete) = await SearchAsync(calls, identity, progress);
        return CreateDecision.Decide(identity, seen, complete, mayHaveCreated);
    }

    /// <summary>
    /// The provider's jobs, newest first, down to where none can be ours (<see cref="CreateIdentity.Floor"/>),
    /// and whether the listing got that far. A list that is not newest first is read to its end.
    /// </summary>
    private static async Task<(List<FineTuningJob> Seen, bool Complete)> SearchAsync(GuardedCalls calls, CreateIdentity identity, CreateProgress progress)
    {
        var seen = new List<FineTuningJob>();
        string? after = null;
        for (var page = 0; page < MaxSearchPages; page++)
        {
            var cursor = after;
            var jobs = await calls.RunAsync(progress, c => c.ListJobsAsync(cursor, SearchPageSize, cancellationToken: Cancellation));
            seen.AddRange(jobs.Data);
            var reachedFloor = identity.Floor is { } floor && JobsBefore.IsNewestFirst(seen)
                && jobs.Data.Count > 0 && jobs.Data[^1].CreatedAt is { } oldest && oldest < floor;
            if (!jobs.HasMore || jobs.Data.Count == 0 || reachedFloor)
            {
                return (seen, true);
            }

            after = jobs.Data[^1].Id;
        }

        return (seen, false);
    }

    /// <summary>Jobs that carry our key beyond the one adopted: a race made them, and only one may run.</summary>
    private static async Task CancelDuplicatesAsync(GuardedCalls calls, IReadOnlyList<FineTuningJob> duplicates, int attempt)
    {
        foreach (var duplicate in duplicates.Where(d => !JobStatus.IsTerminal(JobStatus.Normalize(d.Status))))
        {
            Context.Logger.LogWarning("Cancelling job {JobId}: it carries this workflow's key beside the job it adopted", duplicate.Id);
            try
            {
                await calls.RunAsync(new CreateProgress(attempt, CreateStage.Searching), c => c.CancelJobAsync(duplicate.Id, Cancellation));
            }
            catch (ProviderException e) when (e.ErrorType == ProviderErrorTypes.InvalidRequest)
            {
                // It ended meanwhile; the next search will see it final.
            }
        }
    }

    private static ProviderException FinalWithNoJob(ProviderException e) =>
        new(e.ErrorType, $"{e.Message}. No job was created.", retryable: false, e.StatusCode, e.Error, e.RetryAfter);
}
