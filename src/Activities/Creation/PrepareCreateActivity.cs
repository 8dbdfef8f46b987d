using FineTuneWorkflows.Activities.Creation;
using FineTuneWorkflows.Activities.Provider;
using FineTuneWorkflows.Wire;
using Temporalio.Activities;
using Temporalio.Exceptions;

namespace FineTuneWorkflows.Activities;

public sealed partial class FineTuningActivities
{
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
}
