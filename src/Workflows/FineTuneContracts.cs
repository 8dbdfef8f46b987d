using FineTuneWorkflows.Activities.Polling;
using FineTuneWorkflows.Activities.Provider;
using FineTuneWorkflows.Activities.Results;
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

/// <param name="Poll">Poll cadence of the wait activity; null for <see cref="PollPolicy.Default"/>.</param>
/// <param name="ArtifactFolder">Where this job's result files go: a folder inside the worker's
/// <c>Artifacts:Folder</c> (a relative path is taken from it); null for that folder itself.</param>
/// <param name="IdempotencyKey">Names the one provider job this workflow may create; null for the run id
/// (not the workflow id: a workflow id reused after a run ended must not adopt that run's job).</param>
public sealed record FineTuneOptions(PollPolicy? Poll = null, string? ArtifactFolder = null, string? IdempotencyKey = null);

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

/// <summary>A status the workflow saw, and when (workflow time).</summary>
public sealed record StatusTransition(string Status, DateTimeOffset At);

/// <summary>The outcome of a fine-tune that succeeded.</summary>
public sealed record FineTuneResult(
    string JobId,
    string Status,
    string? FineTunedModel,
    long? TrainedTokens,
    IReadOnlyList<string> ResultFiles,
    MetricsSummary? Metrics,
    IReadOnlyList<ResultArtifact> Artifacts,
    IReadOnlyList<StatusTransition> Timeline);
