using FineTuneWorkflows.Activities.Provider;
using FineTuneWorkflows.Wire;
using Microsoft.Extensions.Logging;
using Temporalio.Activities;
using static FineTuneWorkflows.Activities.CurrentActivity;

namespace FineTuneWorkflows.Activities.Pause;

/// <summary>The activities that pause a running job and resume a paused one.</summary>
public sealed class PauseActivities(FineTuningClient client)
{
    [Activity("PauseJob")]
    public Task<PauseJobOutput> PauseJobAsync(PauseJobInput input) => PauseOrResumeAsync(input, resume: false);

    [Activity("ResumeJob")]
    public Task<PauseJobOutput> ResumeJobAsync(PauseJobInput input) => PauseOrResumeAsync(input, resume: true);

    /// <summary>
    /// An attempt whose answer was lost is followed by one the provider refuses (the job is no
    /// longer running, or no longer paused): the job is then read, and a job already where it
    /// was asked to go is the answer (so a resume of a running job answers running). The
    /// provider's refusals stand (not retried): someone is waiting on the update, and the job's
    /// watch does not depend on it.
    /// </summary>
    private Task<PauseJobOutput> PauseOrResumeAsync(PauseJobInput input, bool resume) => ActivityFailures.TranslateAsync(async () =>
    {
        ArgumentNullException.ThrowIfNull(input);
        try
        {
            var job = await client.PauseOrResumeJobAsync(input.JobId, resume, Cancellation);
            Context.Logger.LogInformation("{Verb} of job {JobId} answered with status {Status}", resume ? "Resume" : "Pause", job.Id, job.Status);
            return new PauseJobOutput(job);
        }
        catch (ProviderException e) when (e.ErrorType is ProviderErrorTypes.InvalidRequest or ProviderErrorTypes.Conflict)
        {
            var job = await client.RetrieveJobAsync(input.JobId, Cancellation);
            var there = resume ? job.Status is JobStatus.Running : job.Status is JobStatus.Pausing or JobStatus.Paused;
            if (!there)
            {
                throw;
            }

            return new PauseJobOutput(job);
        }
    });
}
