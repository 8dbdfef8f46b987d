using FineTuneWorkflows.Wire;

namespace FineTuneWorkflows.Activities.Cancel;

/// <param name="Job">The job after the cancel; its status is final when the provider cancels at once or had already ended it.</param>
public sealed record CancelJobOutput(FineTuningJob Job);
