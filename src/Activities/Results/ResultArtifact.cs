namespace FineTuneWorkflows.Activities.Results;

/// <param name="FileId">The provider's file id (for a picture we drew, the file it was drawn from).</param>
/// <param name="Filename">The provider's file name, or ours for a picture (<see cref="MetricsChart.PngName"/>, <see cref="MetricsChart.SvgName"/>).</param>
/// <param name="Location">Where the bytes are stored (a path for the local store).</param>
/// <param name="Bytes">Size as stored, exactly as the provider sent it.</param>
/// <param name="Sha256">Hex digest of the stored bytes.</param>
public sealed record ResultArtifact(string FileId, string Filename, string Location, long Bytes, string Sha256);
