namespace FineTuneWorkflows.Activities.Results;

/// <summary>Where result files go. Bound from the <c>Artifacts</c> configuration section.</summary>
public sealed class ArtifactOptions
{
    public const string Section = "Artifacts";

    /// <summary>The root folder; each job gets a folder of its own below it.</summary>
    public string Folder { get; set; } = Path.Combine(Environment.CurrentDirectory, "artifacts");

    /// <summary>
    /// The starter's API as people reach it (e.g. <c>http://127.0.0.1:5000/v1</c>), which serves
    /// these files: set, a finished job's details in the Web UI link its loss curve there.
    /// </summary>
    public Uri? PublicUrl { get; set; }
}
