using Temporalio.Activities;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace FineTuneWorkflows.Activities.Visibility;

/// <summary>
/// Reads Temporal's visibility (the worker's own client) for workflows that cannot be named by
/// id, such as the one that follows a provider job a webhook names.
/// </summary>
public static class VisibilityActivities
{
    /// <summary>The failure type of a search that found nothing: visibility lags, so it is retried.</summary>
    public const string NotVisibleYet = "WorkflowNotVisibleYet";

    /// <summary>A bound on what one search reads: one provider job has one workflow, so a few is already odd.</summary>
    public const int MaxMatches = 100;

    [Activity("FindWorkflows")]
    public static async Task<FindWorkflowsOutput> FindWorkflowsAsync(FindWorkflowsInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var context = ActivityExecutionContext.Current;
        var ids = new List<string>();
        var options = new WorkflowListOptions { Limit = MaxMatches, Rpc = new RpcOptions { CancellationToken = context.CancellationToken } };
        await foreach (var execution in context.TemporalClient.ListWorkflowsAsync(input.Query, options))
        {
            // Closed runs count too: a run that continued as new shows closed before its next run
            // shows at all, and a signal to the workflow id reaches whichever run is current.
            if (!ids.Contains(execution.Id, StringComparer.Ordinal))
            {
                ids.Add(execution.Id);
            }
        }

        return ids.Count > 0
            ? new FindWorkflowsOutput(ids)
            : throw new ApplicationFailureException($"No workflow matches {input.Query} yet", NotVisibleYet);
    }
}
