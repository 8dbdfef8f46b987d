namespace FineTuneWorkflows.Simulator.Files;

/// <summary>An uploaded file, kept whole in memory (training files are small in tests).</summary>
public sealed record StoredFile(string Id, string Filename, string Purpose, DateTimeOffset CreatedAt, byte[] Content);
