using FineTuneWorkflows.Activities.Provider;
using FineTuneWorkflows.Wire;
using Microsoft.Extensions.Logging;
using Temporalio.Activities;
using static FineTuneWorkflows.Activities.CurrentActivity;

namespace FineTuneWorkflows.Activities.Cancel;

/// <summary>The activity that cancels a provider job, and reports the final status of one that already ended.</summary>
public sealed class CancelActivities(FineTuningClient client)
{
    /// <summary>
    /// Cancels the job at the provider. A job that already ended cannot be cancelled; the
    /// provider then refuses, and we report the job's final status instead of failing.
    /// </summary>
    [Activity("CancelJob")]
    public Task<CancelJobOutput> CancelJobAsync(CancelJobInput input) => ActivityFailures.TranslateAsync(async () =>
    {
        ArgumentNullException.ThrowIfNull(input);
        try
        {
            var job = await client.CancelJobAsync(input.JobId, Cancellation);
            Context.Logger.LogInformation("Cancel of job {JobId} answered with status {Status}", job.Id, job.Status);
            return new CancelJobOutput(job);
        }
        catch (ProviderException e) when (e.ErrorType is ProviderErrorTypes.InvalidRequest or ProviderErrorTypes.Conflict)
        {
            // Refused because it has ended, or because a cancel is already under way (Vertex and
            // Azure say cancelling): either way the caller waits for the final word.
            var job = await client.RetrieveJobAsync(input.JobId, Cancellation);
            if (!JobStatus.IsTerminal(job.Status ?? JobStatus.Unknown) && job.Status != JobStatus.Cancelling)
            {
                throw;
            }

            Context.Logger.LogInformation("Job {JobId} is already {Status}; nothing more to cancel", job.Id, job.Status);
            return new CancelJobOutput(job);
        }
    }, jobExists: true);
}
