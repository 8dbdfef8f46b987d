using System.Text.Json.Serialization;
using FineTuneWorkflows.Activities.Results;
using FineTuneWorkflows.Workflows;

namespace FineTuneWorkflows.Starter.Api;

/// <summary>
/// <c>GET /v1/fine_tuning/jobs/{id}/result</c>, our extension: what the workflow made of a
/// succeeded job (metrics summary, where its result files are stored), in the API's snake_case.
/// </summary>
public sealed record JobResultView
{
    [JsonPropertyName("object")]
    public string Object { get; init; } = "fine_tuning.job.result";

    [JsonPropertyName("id")]
    public required string Id { get; init; }

    [JsonPropertyName("provider_job_id")]
    public required string ProviderJobId { get; init; }

    [JsonPropertyName("status")]
    public required string Status { get; init; }

    [JsonPropertyName("fine_tuned_model")]
    public string? FineTunedModel { get; init; }

    [JsonPropertyName("trained_tokens")]
    public long? TrainedTokens { get; init; }

    [JsonPropertyName("result_files")]
    public IReadOnlyList<string> ResultFiles { get; init; } = [];

    [JsonPropertyName("metrics")]
    public MetricsView? Metrics { get; init; }

    [JsonPropertyName("artifacts")]
    public IReadOnlyList<ArtifactView> Artifacts { get; init; } = [];

    [JsonPropertyName("timeline")]
    public IReadOnlyList<TransitionView> Timeline { get; init; } = [];

    public static JobResultView From(string id, FineTuneResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new JobResultView
        {
            Id = id,
            ProviderJobId = result.JobId,
            Status = result.Status,
            FineTunedModel = result.FineTunedModel,
            TrainedTokens = result.TrainedTokens,
            ResultFiles = result.ResultFiles,
            Metrics = result.Metrics is { } m ? MetricsView.From(m) : null,
            Artifacts = [.. result.Artifacts.Select(a => new ArtifactView(a.FileId, a.Filename, a.Location, a.Bytes, a.Sha256))],
            Timeline = [.. result.Timeline.Select(t => new TransitionView(t.Status, t.At.ToUnixTimeSeconds()))],
        };
    }
}

public sealed record MetricsView(
    [property: JsonPropertyName("rows")] long Rows,
    [property: JsonPropertyName("last_step")] long? LastStep,
    [property: JsonPropertyName("final_train_loss")] double? FinalTrainLoss,
    [property: JsonPropertyName("best_train_loss")] double? BestTrainLoss,
    [property: JsonPropertyName("final_train_accuracy")] double? FinalTrainAccuracy,
    [property: JsonPropertyName("best_train_accuracy")] double? BestTrainAccuracy,
    [property: JsonPropertyName("final_valid_loss")] double? FinalValidLoss,
    [property: JsonPropertyName("best_valid_loss")] double? BestValidLoss,
    [property: JsonPropertyName("final_valid_accuracy")] double? FinalValidAccuracy,
    [property: JsonPropertyName("best_valid_accuracy")] double? BestValidAccuracy)
{
    public static MetricsView From(MetricsSummary m)
    {
        ArgumentNullException.ThrowIfNull(m);
        return new(m.Rows, m.LastStep, m.FinalTrainLoss, m.BestTrainLoss, m.FinalTrainAccuracy, m.BestTrainAccuracy,
            m.FinalValidLoss, m.BestValidLoss, m.FinalValidAccuracy, m.BestValidAccuracy);
    }
}

/// <param name="Location">Where the worker's artifact store put the file (a path on the worker for the local store).</param>
public sealed record ArtifactView(
    [property: JsonPropertyName("file_id")] string FileId,
    [property: JsonPropertyName("filename")] string Filename,
    [property: JsonPropertyName("location")] string Location,
    [property: JsonPropertyName("bytes")] long Bytes,
    [property: JsonPropertyName("sha256")] string Sha256);

/// <param name="At">Unix seconds, like every timestamp of the API.</param>
public sealed record TransitionView(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("at")] long At);
