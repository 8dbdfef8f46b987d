using FineTuneWorkflows.Wire;

namespace FineTuneWorkflows.Activities.Creation;

/// <summary>What a create does after looking for a job it may already have made.</summary>
public abstract record CreateVerdict
{
    /// <summary>No job of ours exists: send the create.</summary>
    public sealed record Create : CreateVerdict;

    /// <summary>This job is ours. <paramref name="Duplicates"/> carry our key too (a race made them): cancel them.</summary>
    public sealed record Adopt(FineTuningJob Job, IReadOnlyList<FineTuningJob> Duplicates) : CreateVerdict;

    /// <summary>
    /// A job of ours may exist but cannot be told apart from these: never guess, never create a
    /// second one; a person decides. <paramref name="Reason"/> says why it stayed ambiguous.
    /// </summary>
    public sealed record Ambiguous(IReadOnlyList<FineTuningJob> Candidates, string Reason) : CreateVerdict;
}
