using FineTuneWorkflows.Wire;

namespace FineTuneWorkflows.Activities.Polling;

/// <param name="Job">The job as last read: its status differs from the known one, or is terminal.</param>
/// <param name="Polls">Provider calls this wait made, across retried attempts.</param>
public sealed record WaitForStatusChangeOutput(FineTuningJob Job, int Polls);
