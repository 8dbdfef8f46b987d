namespace FineTuneWorkflows.Activities.Results;

public sealed record StoredArtifact(string Location, long Bytes, string Sha256);
