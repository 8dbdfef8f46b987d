using FineTuneWorkflows.Activities.Provider;
using FineTuneWorkflows.Wire;

namespace FineTuneWorkflows.Activities.Creation;

/// <param name="Job">The provider's job.</param>
/// <param name="Adopted">True when an earlier attempt had already created it and this one found it.</param>
/// <param name="Provider">Which provider runs the job (<see cref="ProviderOptions.Describe"/>), for search and display.</param>
public sealed record CreateJobOutput(FineTuningJob Job, bool Adopted, string Provider);
