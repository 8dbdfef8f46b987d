using System.Text.Json.Serialization;

namespace FineTuneWorkflows.Starter.Api;

/// <param name="Location">Where the worker's artifact store put the file (a path on the worker for the local store).</param>
public sealed record ArtifactView(
    [property: JsonPropertyName("file_id")] string FileId,
    [property: JsonPropertyName("filename")] string Filename,
    [property: JsonPropertyName("location")] string Location,
    [property: JsonPropertyName("bytes")] long Bytes,
    [property: JsonPropertyName("sha256")] string Sha256);
