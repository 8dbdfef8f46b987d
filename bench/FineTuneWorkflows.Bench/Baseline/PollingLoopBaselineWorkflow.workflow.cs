using FineTuneWorkflows.Activities.Creation;
using FineTuneWorkflows.Activities.Results;
using FineTuneWorkflows.Wire;
using FineTuneWorkflows.Workflows;
using Temporalio.Common;
using Temporalio.Exceptions;
using Temporalio.Workflows;

namespace FineTuneWorkflows.Bench.Baseline;

/// <param name="Request">The fine-tune, as the user asked for it.</param>
/// <param name="JobId">Set only by continue-as-new: the job already exists.</param>
public sealed record PollingLoopInput(CreateFineTuningJobRequest Request, string? JobId = null);

/// <summary>
/// The usual design the benchmark compares against: create the job, then a loop of one short
/// poll activity and a 10-second timer until the job ends, then fetch the results. It continues
/// as new when the server suggests it (4,096 events by default), as it must: a single run would
/// hit Temporal's 51,200-event limit after about 13 hours of polling. Create and result retrieval
/// are our own activities, so the two designs differ only in how they wait.
/// </summary>
[Workflow("PollingLoopBaseline")]
public sealed class PollingLoopBaselineWorkflow
{
    public static readonly TimeSpan PollEvery = TimeSpan.FromSeconds(10);

    /// <summary>A short activity: one HTTP call, retried by Temporal.</summary>
    public static readonly ActivityOptions PollOptions = new()
    {
        StartToCloseTimeout = TimeSpan.FromMinutes(1),
        RetryPolicy = new RetryPolicy { InitialInterval = TimeSpan.FromSeconds(2), BackoffCoefficient = 2, MaximumInterval = TimeSpan.FromMinutes(1) },
    };

    [WorkflowRun]
    public async Task<RetrieveResultFilesOutput> RunAsync(PollingLoopInput input)
    {
        var jobId = input.JobId;
        if (jobId is null)
        {
            var created = await Workflow.ExecuteActivityAsync(
                (CreationActivities a) => a.CreateJobAsync(new CreateJobInput(Workflow.Info.RunId, input.Request, Workflow.UtcNow)),
                ActivityPolicies.Create);
            jobId = created.Job.Id;
        }

        while (true)
        {
            var id = jobId;
            var job = await Workflow.ExecuteActivityAsync((BaselineActivities a) => a.PollJobAsync(new PollJobInput(id)), PollOptions);
            switch (job.Status)
            {
                case JobStatus.Succeeded:
                    return await Workflow.ExecuteActivityAsync(
                        (ResultActivities a) => a.RetrieveResultFilesAsync(new RetrieveResultFilesInput(id, null)),
                        ActivityPolicies.RetrieveResults);
                case JobStatus.Failed or JobStatus.Cancelled:
                    throw new ApplicationFailureException($"Fine-tuning job {id} ended {job.Status}", "FineTuneJobEnded", nonRetryable: true);
            }

            if (Workflow.ContinueAsNewSuggested)
            {
                var next = input with { JobId = id };
                throw Workflow.CreateContinueAsNewException((PollingLoopBaselineWorkflow wf) => wf.RunAsync(next));
            }

            await Workflow.DelayAsync(PollEvery);
        }
    }
}
