using FineTuneWorkflows.Wire;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Workflow.V1;

namespace FineTuneWorkflows.Tests.Starter.Scripted;

/// <summary>One workflow as <see cref="ScriptedTemporal"/> holds it: what a describe and the <c>Job</c> query answer.</summary>
/// <param name="UpdateFailure">How update <c>WaitForJob</c> ends for every caller, when the job could not be created.</param>
public sealed record ScriptedWorkflow(string Id, WorkflowExecutionStatus Status, IReadOnlyDictionary<string, Payload> Memo, FineTuningJob? Job, Exception? UpdateFailure = null)
{
    public DateTime StartedAt { get; init; } = DateTime.UtcNow;

    /// <summary>What a completed workflow returned: its close event answers a result request.</summary>
    public Payload? Result { get; init; }

    /// <summary>What a describe lists as pending: a check with its last failure or heartbeat, as the server keeps them.</summary>
    public IReadOnlyList<PendingActivityInfo> PendingActivities { get; init; } = [];
}
