using FineTuneWorkflows.Wire;
using Google.Protobuf.WellKnownTypes;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.WorkflowService.V1;
using Temporalio.Client;
using Temporalio.Client.Interceptors;
using Temporalio.Converters;
using Temporalio.Exceptions;

namespace FineTuneWorkflows.Tests.Starter.Scripted;

/// <summary>The calls the starter makes, answered from <see cref="ScriptedTemporal.Workflows"/>; anything else goes nowhere.</summary>
public sealed class ScriptedOutbound(ClientOutboundInterceptor next, ScriptedTemporal temporal) : ClientOutboundInterceptor(next)
{
    public override Task<WorkflowUpdateHandle<TUpdateResult>> StartUpdateWithStartWorkflowAsync<TUpdateResult>(StartUpdateWithStartWorkflowInput input)
    {
        var options = input.Options.StartWorkflowOperation!.Options;
        var id = options.Id!;
        lock (temporal)
        {
            if (temporal.Workflows.TryGetValue(id, out var existing))
            {
                if (existing.Status != WorkflowExecutionStatus.Running)
                {
                    throw new WorkflowAlreadyStartedException("Workflow execution already finished", id, FineTuneWorkflows.Starter.Temporal.FineTuneJobs.WorkflowType, "run-1");
                }

                return Task.FromResult<WorkflowUpdateHandle<TUpdateResult>>(new ScriptedUpdateHandle<TUpdateResult>(temporal.Client, id, existing.Job, existing.UpdateFailure));
            }

            temporal.Starts++;
            var memo = (options.Memo ?? new Dictionary<string, object>()).ToDictionary(m => m.Key, m => DataConverter.Default.PayloadConverter.ToPayload(m.Value));
            if (temporal.RefuseWith is { } errorType)
            {
                var failure = new ApplicationFailureException($"The fine-tuning job could not be created: refused ({errorType})", errorType, nonRetryable: true);
                temporal.Workflows[id] = new ScriptedWorkflow(id, WorkflowExecutionStatus.Running, memo, null, failure);
                return Task.FromResult<WorkflowUpdateHandle<TUpdateResult>>(new ScriptedUpdateHandle<TUpdateResult>(temporal.Client, id, null, failure));
            }

            var job = new FineTuningJob { Id = $"ftjob-provider-{temporal.Starts}", Object = "fine_tuning.job", Status = JobStatus.ValidatingFiles, Model = "gpt-4o-mini" };
            temporal.Workflows[id] = new ScriptedWorkflow(id, WorkflowExecutionStatus.Running, memo, job);
            return Task.FromResult<WorkflowUpdateHandle<TUpdateResult>>(new ScriptedUpdateHandle<TUpdateResult>(temporal.Client, id, job, null));
        }
    }

    public override Task<WorkflowExecutionDescription> DescribeWorkflowAsync(DescribeWorkflowInput input)
    {
        if (!temporal.Workflows.TryGetValue(input.Id, out var workflow))
        {
            throw new RpcException(RpcException.StatusCode.NotFound, "workflow not found", null);
        }

        var info = new Temporalio.Api.Workflow.V1.WorkflowExecutionInfo
        {
            Execution = new() { WorkflowId = workflow.Id, RunId = "run-1" },
            Type = new() { Name = FineTuneWorkflows.Starter.Temporal.FineTuneJobs.WorkflowType },
            Status = workflow.Status,
            StartTime = Timestamp.FromDateTime(workflow.StartedAt),
            Memo = new(),
        };
        if (workflow.Status != WorkflowExecutionStatus.Running)
        {
            info.CloseTime = Timestamp.FromDateTime(workflow.StartedAt.AddSeconds(1));
        }

        foreach (var (key, payload) in workflow.Memo)
        {
            info.Memo.Fields[key] = payload;
        }

        temporal.CountDescribe();
        return Task.FromResult<WorkflowExecutionDescription>(new ScriptedDescription(new DescribeWorkflowExecutionResponse { WorkflowExecutionInfo = info, PendingActivities = { workflow.PendingActivities } }));
    }

    public override Task<TResult> QueryWorkflowAsync<TResult>(QueryWorkflowInput input) =>
        temporal.Workflows.TryGetValue(input.Id, out var workflow) && input.Query == "Job" && workflow.Job is not null
            ? Task.FromResult((TResult)(object)workflow.Job)
            : throw new RpcException(RpcException.StatusCode.Unavailable, "no worker in a scripted Temporal", null);

    /// <summary>No history, but for a completed workflow with a result: its close event, which is what a result request reads.</summary>
    public override Task<WorkflowHistoryEventPage> FetchWorkflowHistoryEventPageAsync(FetchWorkflowHistoryEventPageInput input) =>
        temporal.Workflows.TryGetValue(input.Id, out var workflow) && workflow.Result is { } result
            ? Task.FromResult(new WorkflowHistoryEventPage(
                [new Temporalio.Api.History.V1.HistoryEvent
                {
                    EventId = 1,
                    EventType = EventType.WorkflowExecutionCompleted,
                    WorkflowExecutionCompletedEventAttributes = new() { Result = new Temporalio.Api.Common.V1.Payloads { Payloads_ = { result } } },
                }],
                null))
            : throw new RpcException(RpcException.StatusCode.Unavailable, "no history in a scripted Temporal", null);
}
