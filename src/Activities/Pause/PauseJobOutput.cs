using FineTuneWorkflows.Wire;

namespace FineTuneWorkflows.Activities.Pause;

/// <param name="Job">The job as the provider answered the pause or resume (pausing, paused or running).</param>
public sealed record PauseJobOutput(FineTuningJob Job);
