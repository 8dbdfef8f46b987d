using System.Text.Json;
using FineTuneWorkflows.Starter.Temporal;
using FineTuneWorkflows.Wire;
using FineTuneWorkflows.Workflows;
using Temporalio.Api.Enums.V1;

namespace FineTuneWorkflows.Starter.Api;

/// <summary>
/// Turns what Temporal knows of a fine-tune workflow into the <c>fine_tuning.job</c> the API
/// answers with: the provider's job as the workflow last saw it, under the API's id (the
/// workflow id, see <see cref="JobIds"/>), with the provider's id as <c>provider_job_id</c>.
/// </summary>
public static class JobViews
{
    public const string ProviderJobIdField = "provider_job_id";

    /// <param name="facts">Visibility's account of the workflow.</param>
    /// <param name="job">The workflow's own view (query <c>Job</c>), when a worker could answer and the job exists.</param>
    /// <param name="failure">How the workflow failed, when it did.</param>
    /// <param name="capacity">Why no job exists yet, while the provider has no room for it (<c>waiting_for_capacity</c>).</param>
    public static FineTuningJob From(WorkflowFacts facts, FineTuningJob? job = null, JobError? failure = null, CapacityWait? capacity = null)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var status = StatusOf(facts, job?.Status);
        var finished = JobStatus.IsTerminal(status) ? job?.FinishedAt ?? facts.ClosedAt?.ToUnixTimeSeconds() : null;
        var providerJobId = job?.Id ?? facts.ProviderJobId;
        return (job ?? new FineTuningJob { Id = facts.Id }) with
        {
            Id = facts.Id,
            Object = FineTuningJob.ObjectName,
            // The API's job came into being when its workflow started, before the provider's did.
            CreatedAt = facts.StartedAt.ToUnixTimeSeconds(),
            FinishedAt = finished,
            Status = status,
            Model = job?.Model ?? facts.Model,
            TrainingFile = job?.TrainingFile ?? facts.Memo?.TrainingFile,
            ValidationFile = job?.ValidationFile ?? facts.Memo?.ValidationFile,
            Suffix = job?.Suffix ?? facts.Memo?.Suffix,
            ResultFiles = job?.ResultFiles ?? [],
            Error = job?.Error ?? (status == JobStatus.Failed ? failure : null),
            Extra = WithCapacity(WithProviderJobId(job?.Extra, providerJobId), facts.IsRunning && job is null ? capacity : null),
        };
    }

    /// <summary>
    /// The job's status. While the workflow runs, the last status it saw (validating_files before
    /// the provider has the job: checking the request is where every job starts; queued while the
    /// provider has no room for it, which is what a provider's queue means too). Once it has
    /// closed, the close decides: a completed run succeeded, a cancelled one was cancelled, and
    /// any other end (failed, terminated, timed out) is a failed job unless the provider had
    /// already given a final status.
    /// </summary>
    public static string StatusOf(WorkflowFacts facts, string? queried)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var known = queried is null ? facts.JobStatus : JobStatus.Normalize(queried);
        if (facts.IsRunning)
        {
            return known switch
            {
                null or JobStatus.Unknown => JobStatus.ValidatingFiles,
                CapacityWait.Status => JobStatus.Queued,
                _ => known,
            };
        }

        if (known is not null && JobStatus.IsTerminal(known))
        {
            return known;
        }

        return facts.Status switch
        {
            WorkflowExecutionStatus.Completed => JobStatus.Succeeded,
            WorkflowExecutionStatus.Canceled => JobStatus.Cancelled,
            _ => JobStatus.Failed,
        };
    }

    private static Dictionary<string, JsonElement>? WithCapacity(Dictionary<string, JsonElement>? extra, CapacityWait? capacity)
    {
        if (capacity is null)
        {
            return extra;
        }

        var merged = extra is null ? [] : new Dictionary<string, JsonElement>(extra);
        merged[CapacityView.Field] = JsonSerializer.SerializeToElement(CapacityView.From(capacity), StarterJson.Default.CapacityView);
        return merged;
    }

    private static Dictionary<string, JsonElement>? WithProviderJobId(Dictionary<string, JsonElement>? extra, string? providerJobId)
    {
        if (providerJobId is null)
        {
            return extra;
        }

        var merged = extra is null ? [] : new Dictionary<string, JsonElement>(extra);
        merged[ProviderJobIdField] = JsonSerializer.SerializeToElement(providerJobId, StarterJson.Default.String);
        return merged;
    }
}
