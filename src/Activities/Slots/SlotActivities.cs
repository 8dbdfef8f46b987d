using Temporalio.Activities;
using Temporalio.Api.Enums.V1;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace FineTuneWorkflows.Activities.Slots;

/// <summary>
/// The Temporal calls of the local limits (<c>Provider:Limits</c>), with the worker's own client:
/// a workflow cannot start another by signal, nor see whether a workflow has closed.
/// </summary>
public static class SlotActivities
{
    /// <summary>The limiter workflow's type and its signals, as the workflows define them.</summary>
    public const string LimiterType = "FineTuneSlots";

    /// <summary>The limiter's update that takes a request and answers whether the slot is granted now.</summary>
    public const string RequestUpdate = "Request";

    /// <summary>
    /// Hands the request to the limiter, starting it if it is not running (update-with-start, on
    /// this worker's queue): once this returns the request is durable, and the answer says whether
    /// the slot is granted at once. A repeat is harmless (a holder is granted again).
    /// </summary>
    [Activity("RequestSlot")]
    public static async Task<SlotAnswer> RequestSlotAsync(SlotRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var context = ActivityExecutionContext.Current;
        var options = new WorkflowOptions(request.LimiterId, context.Info.TaskQueue)
        {
            IdConflictPolicy = WorkflowIdConflictPolicy.UseExisting,
            StaticSummary = $"Slots: at most {request.Limit} active jobs",
            Rpc = new RpcOptions { CancellationToken = context.CancellationToken },
        };
        var start = WithStartWorkflowOperation.Create(LimiterType, [null], options);
        var granted = await context.TemporalClient.ExecuteUpdateWithStartWorkflowAsync<bool>(
            RequestUpdate, [request], new WorkflowUpdateWithStartOptions(start) { Rpc = options.Rpc });
        return new SlotAnswer(granted);
    }

    /// <summary>Which of the workflows have closed (or are unknown): their slots can go to others.</summary>
    [Activity("FindClosedWorkflows")]
    public static async Task<FindClosedOutput> FindClosedAsync(FindClosedInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var context = ActivityExecutionContext.Current;
        var closed = new List<string>();
        foreach (var id in input.WorkflowIds)
        {
            context.Heartbeat();
            try
            {
                var description = await context.TemporalClient.GetWorkflowHandle(id).DescribeAsync(
                    new WorkflowDescribeOptions { Rpc = new RpcOptions { CancellationToken = context.CancellationToken } });
                if (description.Status != WorkflowExecutionStatus.Running)
                {
                    closed.Add(id);
                }
            }
            catch (RpcException e) when (e.Code == RpcException.StatusCode.NotFound)
            {
                closed.Add(id);
            }
        }

        return new FindClosedOutput(closed);
    }
}
