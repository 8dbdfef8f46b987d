using FineTuneWorkflows.Activities.Creation;
using FineTuneWorkflows.Activities.Provider;
using Microsoft.Extensions.Logging;
using Temporalio.Activities;

namespace FineTuneWorkflows.Activities;

public sealed partial class FineTuningActivities
{
    private const int RecentPageSize = 100;
    private const int MaxRecentPages = 10;

    /// <summary>
    /// Creates the provider job, unless an earlier attempt already did: the create call is not
    /// idempotent at any provider, and a lost response must not buy a second paid job.
    /// </summary>
    [Activity("CreateJob")]
    public Task<CreateJobOutput> CreateJobAsync(CreateJobInput input) => ActivityFailures.TranslateAsync(async () =>
    {
        ArgumentNullException.ThrowIfNull(input);
        if (string.IsNullOrWhiteSpace(input.IdempotencyKey) || input.IdempotencyKey.Length > RequestValidation.MaxMetadataValueLength)
        {
            throw new InvalidRequestException("idempotency_key", $"must be 1 to {RequestValidation.MaxMetadataValueLength} characters");
        }

        var request = ExistingJobMatch.Mark(input.Request, input.IdempotencyKey);
        RequestValidation.EnsureValid(request);

        if (await FindExistingAsync(input) is { } existing)
        {
            Context.Logger.LogInformation("Adopted job {JobId} made by an earlier attempt (key {IdempotencyKey})", existing.Id, input.IdempotencyKey);
            return new CreateJobOutput(existing, Adopted: true, client.Provider);
        }

        Context.Heartbeat(new CreateProgress(CreateSent: true));
        FineTuningJob job;
        try
        {
            job = await client.CreateJobAsync(request, Cancellation);
        }
        catch (ProviderException e) when (e.StatusCode is >= 400 and < 500)
        {
            // The provider answered and refused: no job exists, so a retry has nothing to find.
            Context.Heartbeat(new CreateProgress(CreateSent: false));
            throw;
        }

        Context.Logger.LogInformation("Created job {JobId} for model {Model}", job.Id, job.Model);
        return new CreateJobOutput(job, Adopted: false, client.Provider);
    });

    private async Task<FineTuningJob?> FindExistingAsync(CreateJobInput input)
    {
        // Where the provider keeps metadata, our key proves the job is ours. We check it
        // ourselves as well: a provider may ignore the filter and list every job.
        var marked = await client.ListJobsAsync(limit: 10, metadata: new Dictionary<string, string> { [ExistingJobMatch.MetadataKey] = input.IdempotencyKey }, cancellationToken: Cancellation);
        if (marked.Data.FirstOrDefault(j => ExistingJobMatch.IsMarked(j, input.IdempotencyKey)) is { } job)
        {
            return job;
        }

        // The Portkey gateway drops metadata, so there may be no proof to look for. Guessing by
        // the request's fields is only worth its risk (another workflow's identical request)
        // when an earlier attempt sent a create and never heard back.
        return await EarlierCreateWentUnansweredAsync() ? await FindLikelyAsync(input) : null;
    }

    private static async Task<bool> EarlierCreateWentUnansweredAsync() =>
        Context.Info.Attempt > 1
        && Context.Info.HeartbeatDetails.Count > 0
        && (await Context.Info.HeartbeatDetailAtAsync<CreateProgress>(0)).CreateSent;

    private async Task<FineTuningJob?> FindLikelyAsync(CreateJobInput input)
    {
        FineTuningJob? oldest = null;
        string? after = null;
        for (var page = 0; page < MaxRecentPages; page++)
        {
            var jobs = await client.ListJobsAsync(after, RecentPageSize, cancellationToken: Cancellation);
            Context.Heartbeat(new CreateProgress(CreateSent: true));
            foreach (var job in jobs.Data.Where(j => ExistingJobMatch.IsLikelyOurs(j, input.Request, input.IdempotencyKey, input.RequestedAt)))
            {
                if (oldest is null || job.CreatedAt < oldest.CreatedAt)
                {
                    oldest = job;
                }
            }

            // Lists are newest first: once a page reaches before the window, no later page can match.
            var reachedWindowStart = jobs.Data.Count > 0 && jobs.Data[^1].CreatedAt is { } created
                && DateTimeOffset.FromUnixTimeSeconds(created) < input.RequestedAt - ExistingJobMatch.ClockSkew;
            if (!jobs.HasMore || jobs.Data.Count == 0 || reachedWindowStart)
            {
                break;
            }

            after = jobs.Data[^1].Id;
        }

        return oldest;
    }
}
