using FineTuneWorkflows.Wire;

namespace FineTuneWorkflows.Workflows;

/// <summary>What a run hands to the next one when history is continued as new.</summary>
public sealed record FineTuneCarry(FineTuningJob Job, string Provider, IReadOnlyList<StatusTransition> Timeline)
{
    /// <summary>The limiter whose slot the job holds or waits for (<c>Provider:Limits</c>); null without limits.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? SlotLimiter { get; init; }

    /// <summary>
    /// The job runs while its fine-tune is still in that limiter's line (a run after a reset found
    /// the earlier run's job): the grant is yet to come, and the place goes back as the run ends.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
    public bool SlotAwaited { get; init; }
}
