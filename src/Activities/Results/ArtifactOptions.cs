namespace FineTuneWorkflows.Activities.Results;

/// <summary>Where result files go. Bound from the <c>Artifacts</c> configuration section.</summary>
public sealed class ArtifactOptions
{
    public const string Section = "Artifacts";

    /// <summary>The root folder; each job gets a folder of its own below it.</summary>
    public string Folder { get; set; } = Path.Combine(Environment.CurrentDirectory, "artifacts");
}
