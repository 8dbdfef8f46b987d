using FineTuneWorkflows.Activities.Polling;

namespace FineTuneWorkflows.Workflows;

/// <param name="Poll">Poll cadence of the wait activity; null for <see cref="PollPolicy.Default"/>.</param>
/// <param name="ArtifactFolder">Where this job's result files go: a folder inside the worker's
/// <c>Artifacts:Folder</c> (a relative path is taken from it); null for that folder itself.</param>
/// <param name="IdempotencyKey">Names the one provider job this workflow may create; null for the first run's id,
/// which a reset or continue-as-new keeps (not the workflow id: a workflow id reused after a run ended must not adopt that run's job).</param>
public sealed record FineTuneOptions(PollPolicy? Poll = null, string? ArtifactFolder = null, string? IdempotencyKey = null);
