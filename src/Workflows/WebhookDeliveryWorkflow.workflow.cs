using FineTuneWorkflows.Activities.Visibility;
using Microsoft.Extensions.Logging;
using Temporalio.Exceptions;
using Temporalio.Workflows;

namespace FineTuneWorkflows.Workflows;

/// <summary>
/// Takes one verified provider webhook to the fine-tune that follows its job. The starter starts
/// it under an id made from the delivery's <c>webhook-id</c>, so a repeated delivery starts
/// nothing, and answers the provider once it has started: from then on the event is durable.
/// The job's workflow is found through the <c>FineTuneJobId</c> search attribute, which
/// visibility shows a little after the job is created, so the search is retried for a while.
/// </summary>
[Workflow("DeliverWebhook")]
public sealed class WebhookDeliveryWorkflow
{
    /// <summary>How long a job no workflow follows is looked for: far past visibility's lag and a create's last attempts.</summary>
    public static readonly TimeSpan SearchFor = TimeSpan.FromMinutes(15);

    /// <summary>The search, retried every few seconds at first while visibility catches up.</summary>
    public static ActivityOptions Search => new()
    {
        StartToCloseTimeout = TimeSpan.FromSeconds(30),
        ScheduleToCloseTimeout = SearchFor,
        RetryPolicy = new()
        {
            InitialInterval = TimeSpan.FromSeconds(1),
            BackoffCoefficient = 2,
            MaximumInterval = TimeSpan.FromMinutes(1),
        },
    };

    [WorkflowRun]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822", Justification = "Temporal runs a workflow as an instance")]
    public async Task<WebhookDelivery> RunAsync(JobWebhook webhook)
    {
        if (webhook?.JobId is null)
        {
            // Only the starter starts these, always with an event; anything else has nothing to deliver.
            return new WebhookDelivery(Found: false, []);
        }

        FindWorkflowsOutput found;
        try
        {
            found = await Workflow.ExecuteActivityAsync(
                () => VisibilityActivities.FindWorkflowsAsync(new FindWorkflowsInput(QueryFor(webhook.JobId))), Search);
        }
        catch (ActivityFailureException e) when (e.InnerException is TimeoutFailureException)
        {
            // Another client's job in the same provider project, or visibility (or every worker)
            // out for the whole search: harmless either way, as the job's own checks go on.
            Workflow.Logger.LogInformation(
                "No fine-tune found for job {JobId} within {SearchFor}: event {EventId} ({Type}) dropped; a job of ours is still seen by its checks", webhook.JobId, SearchFor, webhook.EventId, webhook.Type);
            return new WebhookDelivery(Found: false, []);
        }

        var delivered = new List<string>();
        foreach (var id in found.WorkflowIds)
        {
            try
            {
                await Workflow.GetExternalWorkflowHandle<FineTuneWorkflow>(id).SignalAsync(wf => wf.JobWebhookAsync(webhook));
                delivered.Add(id);
            }
            catch (ApplicationFailureException e)
            {
                // It has ended (before the search, or since): it read the job itself.
                Workflow.Logger.LogInformation("Fine-tune {WorkflowId} ended before event {EventId} reached it: {Reason}", id, webhook.EventId, e.Message);
            }
        }

        return new WebhookDelivery(Found: true, delivered);
    }

    /// <summary>The visibility filter for the workflows that follow <paramref name="jobId"/>; quotes in it are escaped.</summary>
    public static string QueryFor(string jobId)
    {
        ArgumentNullException.ThrowIfNull(jobId);
        var literal = jobId.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal);
        return $"{SearchAttributes.JobId.Name} = '{literal}'";
    }
}
