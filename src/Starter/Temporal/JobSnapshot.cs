using FineTuneWorkflows.Activities.Polling;
using FineTuneWorkflows.Wire;
using FineTuneWorkflows.Workflows;

namespace FineTuneWorkflows.Starter.Temporal;

/// <summary>A fine-tune workflow as Temporal knows it, with whatever a worker could add.</summary>
/// <param name="Job">Query <c>Job</c>; null when no worker answered in time or the provider job does not exist yet.</param>
/// <param name="Failure">The provider's reason, for a workflow that failed.</param>
/// <param name="Capacity">Why no job exists yet, for a workflow waiting for room at the provider (query <c>Capacity</c>).</param>
/// <param name="Live">What the pending check last read of the running job (see <see cref="PendingCheck"/>); null when none has.</param>
public sealed record JobSnapshot(WorkflowFacts Facts, FineTuningJob? Job, JobError? Failure, CapacityWait? Capacity = null, LiveProgress? Live = null);
