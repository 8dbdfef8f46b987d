using FineTuneWorkflows.Activities;
using FineTuneWorkflows.Wire;
using Temporalio.Exceptions;

namespace FineTuneWorkflows.Starter.Temporal;

/// <summary>How a create ended, for the API to answer.</summary>
public abstract record CreateOutcome
{
    /// <summary>The provider job exists (made now, or earlier by the workflow this id names).</summary>
    public sealed record Created(FineTuningJob Job) : CreateOutcome;

    /// <summary>The provider has no room for the job now: none exists, and the workflow holds it until there is.</summary>
    public sealed record WaitingForCapacity : CreateOutcome;

    /// <summary>The workflow runs but the provider job did not exist within the create timeout.</summary>
    public sealed record StillCreating : CreateOutcome;

    /// <summary>
    /// The workflow was cancelled before any create was sent: no provider job exists, and the
    /// job's view says cancelled. (Workflows of the first version also answer a cancel that came
    /// while the create ran this way: their job, if made, is then cancelled by the workflow.)
    /// </summary>
    public sealed record CancelledMeanwhile : CreateOutcome;

    /// <summary>A workflow with this id ran before and has closed: its job is the answer, never a second one.</summary>
    public sealed record AlreadyClosed : CreateOutcome;

    /// <summary>The workflow could not create the job: the provider (or the activity's own checks) refused it.</summary>
    public sealed record Refused(ApplicationFailureException Failure, ProviderErrorDetails? Details) : CreateOutcome;
}
