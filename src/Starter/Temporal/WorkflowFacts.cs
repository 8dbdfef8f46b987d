using FineTuneWorkflows.Workflows;
using Temporalio.Api.Enums.V1;
using Temporalio.Client;

namespace FineTuneWorkflows.Starter.Temporal;

/// <summary>
/// What Temporal's visibility knows of one fine-tune workflow without asking a worker: its
/// status and times, the search attributes the workflow upserts and the memo set at start.
/// </summary>
public sealed record WorkflowFacts(
    string Id,
    WorkflowExecutionStatus Status,
    DateTimeOffset StartedAt,
    DateTimeOffset? ClosedAt,
    string? Model,
    string? ProviderJobId,
    string? JobStatus,
    JobMemo? Memo)
{
    public bool IsRunning => Status == WorkflowExecutionStatus.Running;

    public static async Task<WorkflowFacts> FromAsync(WorkflowExecution execution)
    {
        ArgumentNullException.ThrowIfNull(execution);
        var attributes = execution.TypedSearchAttributes;
        var memo = execution.Memo.TryGetValue(JobMemo.Key, out var raw) ? await raw.ToValueAsync<JobMemo>() : null;
        return new WorkflowFacts(
            execution.Id,
            execution.Status,
            new DateTimeOffset(execution.StartTime, TimeSpan.Zero),
            execution.CloseTime is { } closed ? new DateTimeOffset(closed, TimeSpan.Zero) : null,
            attributes.TryGetValue(SearchAttributes.Model, out var model) ? model : null,
            attributes.TryGetValue(SearchAttributes.JobId, out var jobId) ? jobId : null,
            attributes.TryGetValue(SearchAttributes.Status, out var status) ? status : null,
            memo);
    }
}
