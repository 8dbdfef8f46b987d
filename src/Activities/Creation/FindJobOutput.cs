using FineTuneWorkflows.Activities.Provider;
using FineTuneWorkflows.Wire;

namespace FineTuneWorkflows.Activities.Creation;

/// <param name="Job">The job an earlier run made, if one was found.</param>
/// <param name="Provider">Which provider was asked (<see cref="ProviderOptions.Describe"/>).</param>
public sealed record FindJobOutput(FineTuningJob? Job, string Provider);
