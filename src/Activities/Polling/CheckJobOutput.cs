using FineTuneWorkflows.Wire;

namespace FineTuneWorkflows.Activities.Polling;

/// <param name="Job">The job as read: its status differs from the known one, or is terminal.</param>
/// <param name="Polls">Provider calls this wait made: the attempt that saw the change.</param>
public sealed record CheckJobOutput(FineTuningJob Job, int Polls);
