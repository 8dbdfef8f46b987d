using System.Text.Json.Serialization;
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
            Artifacts = [.. result.Artifacts.Select(a => new ArtifactView(a.FileId, a.Filename, a.Location, a.Bytes, a.Sha256, ArtifactView.UrlOf(id, a.Location)))],
            Timeline = [.. result.Timeline.Select(t => new TransitionView(t.Status, t.At.ToUnixTimeSeconds()))],
        };
    }
}
