namespace FineTuneWorkflows.Activities.Results;

/// <param name="JobId">The provider's job id.</param>
/// <param name="ArtifactFolder">A folder inside the worker's artifact folder for this job (relative to it); null for the folder itself.</param>
public sealed record RetrieveResultFilesInput(string JobId, string? ArtifactFolder = null);

/// <param name="Artifacts">Where each result file now lives.</param>
/// <param name="Metrics">The metrics file's summary, when there was one we could read.</param>
public sealed record RetrieveResultFilesOutput(IReadOnlyList<ResultArtifact> Artifacts, MetricsSummary? Metrics);

/// <param name="FileId">The provider's file id.</param>
/// <param name="Filename">The provider's file name.</param>
/// <param name="Location">Where the bytes are stored (a path for the local store).</param>
/// <param name="Bytes">Size as stored, exactly as the provider sent it.</param>
/// <param name="Sha256">Hex digest of the stored bytes.</param>
public sealed record ResultArtifact(string FileId, string Filename, string Location, long Bytes, string Sha256);

/// <summary>
/// What the metrics CSV says, compact enough for a workflow result. Null where the file has no
/// such column or no value in it. Loss is best when lowest, accuracy when highest.
/// </summary>
public sealed record MetricsSummary(
    long Rows,
    long? LastStep,
    double? FinalTrainLoss,
    double? BestTrainLoss,
    double? FinalTrainAccuracy,
    double? BestTrainAccuracy,
    double? FinalValidLoss,
    double? BestValidLoss,
    double? FinalValidAccuracy,
    double? BestValidAccuracy);
