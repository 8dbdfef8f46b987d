using FineTuneWorkflows.Wire;

namespace FineTuneWorkflows.Workflows;

/// <summary>
/// A fine-tune to run. Holds only what the user asked for; provider keys stay in the
/// worker's configuration and never enter Temporal.
/// </summary>
public sealed record FineTuneInput
{
    /// <summary>The body of <c>POST /fine_tuning/jobs</c>, as the user sent it.</summary>
    public required CreateFineTuningJobRequest Request { get; init; }

    public FineTuneOptions? Options { get; init; }

    /// <summary>Set only by continue-as-new: the job already exists and is not created again.</summary>
    public FineTuneCarry? Carry { get; init; }
}
