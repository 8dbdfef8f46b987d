using FineTuneWorkflows.Activities.Provider;
using FineTuneWorkflows.Wire;
using Temporalio.Activities;

namespace FineTuneWorkflows.Bench.Baseline;

/// <param name="JobId">The provider's job id.</param>
public sealed record PollJobInput(string JobId);

/// <summary>The baseline's one short activity: read the job once and hand it to the workflow.</summary>
public sealed class BaselineActivities(FineTuningClient client)
{
    [Activity("PollJob")]
    public Task<FineTuningJob> PollJobAsync(PollJobInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return client.RetrieveJobAsync(input.JobId, ActivityExecutionContext.Current.CancellationToken);
    }
}
