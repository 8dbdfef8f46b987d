using FineTuneWorkflows.Activities.Provider;

namespace FineTuneWorkflows.Activities.Creation;

/// <param name="IdempotencyKey">Stable for the life of the workflow (its id, say): the same key never makes a second job.</param>
/// <param name="Request">What the user asked for, in the provider's shape.</param>
/// <param name="RequestedAt">When the workflow asked (workflow time); jobs older than this are never taken for ours.</param>
public sealed record CreateJobInput(string IdempotencyKey, CreateFineTuningJobRequest Request, DateTimeOffset RequestedAt);

/// <param name="Job">The provider's job.</param>
/// <param name="Adopted">True when an earlier attempt had already created it and this one found it.</param>
/// <param name="Provider">Which provider runs the job (<see cref="ProviderOptions.Describe"/>), for search and display.</param>
public sealed record CreateJobOutput(FineTuningJob Job, bool Adopted, string Provider);

/// <summary>
/// Heartbeat details of a create: whether a create request went out and got no definite
/// answer. Only then may a retry look for the job by its fields (where metadata was dropped);
/// an attempt that never sent one, or was refused, proves no job exists.
/// </summary>
public sealed record CreateProgress(bool CreateSent);
