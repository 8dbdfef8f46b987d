using FineTuneWorkflows.Activities.Creation;
using FineTuneWorkflows.Activities.Provider;
using Microsoft.Extensions.Logging;
using Temporalio.Activities;
using Temporalio.Exceptions;

namespace FineTuneWorkflows.Activities;

public sealed partial class FineTuningActivities
{
    /// <summary>The failure type of a create that found jobs it cannot tell from its own.</summary>
    public const string AmbiguousJobError = "FineTuneJobAmbiguous";

    private const int SearchPageSize = 100;
    private const int MaxSearchPages = 10;

    /// <summary>
    /// Creates the provider job, unless an earlier attempt or run already did: the create call is
    /// not idempotent at any provider, and a lost response must not buy a second paid job. Each
    /// provider call is preceded by a heartbeat and bounded well inside the heartbeat timeout, so
    /// a call of this attempt never overlaps the next attempt Temporal starts after that timeout.
    /// </summary>
    [Activity("CreateJob")]
    public async Task<CreateJobOutput> CreateJobAsync(CreateJobInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        CreateIdentity identity;
        try
        {
            identity = Identify(input);
        }
        catch (InvalidRequestException e)
        {
            throw ActivityFailures.ToFailure(e);
        }

        var attempt = Context.Info.Attempt;
        var mayHaveCreated = input.EarlierRunSince is not null || (attempt > 1 && !await EarlierAttemptWasRefusedAsync(attempt));
        var calls = new GuardedCalls(client, Context.Info.HeartbeatTimeout);
        var stage = CreateStage.Searching;
        try
        {
            if (mayHaveCreated)
            {
                var (seen, complete) = await SearchAsync(calls, identity, attempt);
                switch (CreateDecision.Decide(identity, seen, complete, mayHaveCreated))
                {
                    case CreateVerdict.Adopt adopt:
                        await CancelDuplicatesAsync(calls, adopt.Duplicates, attempt);
                        Context.Logger.LogInformation("Adopted job {JobId} made by an earlier attempt or run (key {IdempotencyKey})", adopt.Job.Id, input.IdempotencyKey);
                        return new CreateJobOutput(adopt.Job, Adopted: true, client.Provider);
                    case CreateVerdict.Ambiguous ambiguous:
                        throw Ambiguous(ambiguous);
                }
            }

            stage = CreateStage.Sending;
            var job = await calls.RunAsync(new CreateProgress(attempt, stage), c => c.CreateJobAsync(identity.Sent, Cancellation));
            Context.Logger.LogInformation("Created job {JobId} for model {Model}", job.Id, job.Model);
            return new CreateJobOutput(job, Adopted: false, client.Provider);
        }
        catch (ProviderException e) when (stage == CreateStage.Sending && ProviderErrors.IsRefusal(e))
        {
            // Refused outright, after a search that found no job of ours (or with none possible):
            // no job exists, so a final answer is final, and the next attempt need not search.
            Context.Heartbeat(new CreateProgress(attempt, CreateStage.Refused));
            throw ActivityFailures.ToFailure(e.Retryable ? e : WithNoJob(e));
        }
        catch (ProviderException e)
        {
            // The job may exist: no answer is final until we know which job is ours.
            throw ActivityFailures.ToFailure(e, stage == CreateStage.Sending || mayHaveCreated ? MayHaveCreatedReason : null);
        }
    }

    private bool MetadataKept => client.MetadataKept;

    private const string MayHaveCreatedReason = "a create may have reached the provider, so the job is looked for until it is found or proved absent";

    private CreateIdentity Identify(CreateJobInput input)
    {
        if (string.IsNullOrWhiteSpace(input.IdempotencyKey) || input.IdempotencyKey.Length > RequestValidation.MaxMetadataValueLength)
        {
            throw new InvalidRequestException("idempotency_key", $"must be 1 to {RequestValidation.MaxMetadataValueLength} characters");
        }

        var sent = JobIdentity.Mark(input.Request, input.IdempotencyKey);
        RequestValidation.EnsureValid(sent);
        return new CreateIdentity(input.IdempotencyKey, sent, input.Request.Seed is null, input.Before, input.RequestedAt, input.EarlierRunSince, MetadataKept);
    }

    private static async Task<bool> EarlierAttemptWasRefusedAsync(int attempt) =>
        Context.Info.HeartbeatDetails.Count > 0
        && (await Context.Info.HeartbeatDetailAtAsync<CreateProgress>(0)).ProvesNoJobBefore(attempt);

    /// <summary>
    /// The provider's jobs, newest first, down to where none can be ours (<see cref="CreateIdentity.Floor"/>),
    /// and whether the listing got that far.
    /// </summary>
    private static async Task<(List<FineTuningJob> Seen, bool Complete)> SearchAsync(GuardedCalls calls, CreateIdentity identity, int attempt)
    {
        var seen = new List<FineTuningJob>();
        string? after = null;
        for (var page = 0; page < MaxSearchPages; page++)
        {
            var cursor = after;
            var jobs = await calls.RunAsync(new CreateProgress(attempt, CreateStage.Searching), c => c.ListJobsAsync(cursor, SearchPageSize, cancellationToken: Cancellation));
            seen.AddRange(jobs.Data);
            var reachedFloor = identity.Floor is { } floor && jobs.Data.Count > 0 && jobs.Data[^1].CreatedAt is { } oldest && oldest < floor;
            if (!jobs.HasMore || jobs.Data.Count == 0 || reachedFloor)
            {
                return (seen, true);
            }

            after = jobs.Data[^1].Id;
        }

        return (seen, false);
    }

    /// <summary>Jobs ours by their echoes beyond the one adopted: a race made them, and only one may run.</summary>
    private static async Task CancelDuplicatesAsync(GuardedCalls calls, IReadOnlyList<FineTuningJob> duplicates, int attempt)
    {
        foreach (var duplicate in duplicates.Where(d => !JobStatus.IsTerminal(JobStatus.Normalize(d.Status))))
        {
            Context.Logger.LogWarning("Cancelling job {JobId}: it duplicates the job this workflow adopted", duplicate.Id);
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

    private static ApplicationFailureException Ambiguous(CreateVerdict.Ambiguous ambiguous)
    {
        var named = ambiguous.Candidates.Count == 0
            ? "no candidate was listed"
            : string.Join(", ", ambiguous.Candidates.Select(j => $"{j.Id} ({j.Status ?? "status unknown"}, created {Created(j)})"));
        var message = $"Could not tell which provider job this workflow created: {ambiguous.Reason}. Candidates: {named}. " +
            "No job was adopted and no second job was created; check these jobs at the provider and cancel any that is not wanted.";
        return new ApplicationFailureException(
            message, AmbiguousJobError, nonRetryable: true, details: [new ProviderErrorDetails("ambiguous_job", message, null, null)]);
    }

    private static string Created(FineTuningJob job) =>
        job.CreatedAt is { } created ? DateTimeOffset.FromUnixTimeSeconds(created).ToString("u", System.Globalization.CultureInfo.InvariantCulture) : "at an unknown time";

    private static ProviderException WithNoJob(ProviderException e) =>
        new(e.ErrorType, $"{e.Message}. No job was created.", e.Retryable, e.StatusCode, e.Error, e.RetryAfter);
}
