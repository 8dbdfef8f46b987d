using System.Text.Json.Serialization;

namespace FineTuneWorkflows.Starter.Api;

/// <param name="Location">Where the worker's artifact store put the file (a path on the worker for the local store).</param>
/// <param name="Url">Where this API serves it: <c>/v1/fine_tuning/jobs/{id}/artifacts/{name}</c>.</param>
public sealed record ArtifactView(
    [property: JsonPropertyName("file_id")] string FileId,
    [property: JsonPropertyName("filename")] string Filename,
    [property: JsonPropertyName("location")] string Location,
    [property: JsonPropertyName("bytes")] long Bytes,
    [property: JsonPropertyName("sha256")] string Sha256,
    [property: JsonPropertyName("url")] string Url)
{
    /// <summary>The name an artifact is served by: its stored file's name, unique in the job's folder.</summary>
    public static string NameOf(string location) => Path.GetFileName(location);

    public static string UrlOf(string jobId, string location) => $"/v1/fine_tuning/jobs/{jobId}/artifacts/{Uri.EscapeDataString(NameOf(location))}";

    public static string ContentTypeOf(string name) => Path.GetExtension(name).ToLowerInvariant() switch
    {
        ".png" => "image/png",
        ".svg" => "image/svg+xml",
        ".csv" => "text/csv",
        ".json" => "application/json",
        _ => "application/octet-stream",
    };
}
