using FineTuneWorkflows.Activities.Creation;
using FineTuneWorkflows.Activities.Provider;
using Temporalio.Activities;

namespace FineTuneWorkflows.Activities;

public sealed partial class FineTuningActivities
{
    /// <summary>
    /// Everything that must hold before money is spent, and one fact the create will need: the
    /// request and every option are valid, the artifact folder takes files, and what the provider
    /// lists now — no job in that list can ever be taken for the one the create makes. Nothing
    /// here can have made a job, so the provider's answers stand as they are classified.
    /// </summary>
    [Activity("PrepareCreate")]
    public Task<PrepareCreateOutput> PrepareCreateAsync(PrepareCreateInput input) => ActivityFailures.TranslateAsync(async () =>
    {
        ArgumentNullException.ThrowIfNull(input);
        Identify(new CreateJobInput(input.IdempotencyKey, input.Request, clock.GetUtcNow()));
        if (input.Poll?.Problems() is { Count: > 0 } problems)
        {
            throw new InvalidRequestException("poll_policy", string.Join("; ", problems));
        }

        await artifacts.EnsureWritableAsync(input.ArtifactFolder, Cancellation);
        var newest = await client.ListJobsAsync(limit: SearchPageSize, cancellationToken: Cancellation);
        return new PrepareCreateOutput(JobsBefore.From(newest.Data));
    });
}
