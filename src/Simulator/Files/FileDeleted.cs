namespace FineTuneWorkflows.Simulator.Files;

/// <summary>The answer to <c>DELETE /v1/files/{id}</c>.</summary>
public sealed record FileDeleted(string Id, string Object, bool Deleted);
