namespace FineTuneWorkflows.Activities.Results;

/// <summary>Durable storage for result files, so they never travel through a Temporal payload.</summary>
public interface IArtifactStore
{
    /// <summary>
    /// Stores <paramref name="content"/> as <paramref name="name"/> in the job's folder, replacing
    /// any earlier copy whole (a retried download never leaves half a file behind).
    /// </summary>
    Task<StoredArtifact> SaveAsync(string? root, string jobId, string name, Stream content, CancellationToken cancellationToken);

    Stream OpenRead(string location);

    /// <summary>
    /// Fails unless results could be saved under <paramref name="root"/> now: checked before a job
    /// is created, so that a paid job never succeeds into a folder it cannot be stored in.
    /// </summary>
    Task EnsureWritableAsync(string? root, CancellationToken cancellationToken);
}
