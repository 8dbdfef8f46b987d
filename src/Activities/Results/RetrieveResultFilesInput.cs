namespace FineTuneWorkflows.Activities.Results;

/// <param name="JobId">The provider's job id.</param>
/// <param name="ArtifactFolder">A folder inside the worker's artifact folder for this job (relative to it); null for the folder itself.</param>
public sealed record RetrieveResultFilesInput(string JobId, string? ArtifactFolder = null);
