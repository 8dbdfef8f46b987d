using System.Security.Cryptography;
using FineTuneWorkflows.Wire;
using Microsoft.Extensions.Options;

namespace FineTuneWorkflows.Activities.Results;

/// <summary>Result files in a local folder: <c>{root}/{job id}/{file name}</c>.</summary>
public sealed class LocalFolderArtifactStore(IOptions<ArtifactOptions> options) : IArtifactStore
{
    private const int BufferSize = 81920;

    public async Task<StoredArtifact> SaveAsync(string? root, string jobId, string name, Stream content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var folder = Path.Combine(Root(root), SafeName(jobId));
        Directory.CreateDirectory(folder);
        var target = Path.Combine(folder, SafeName(name));
        var partial = $"{target}.{Guid.NewGuid():N}.partial";

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long bytes = 0;
        try
        {
            await using (var file = new FileStream(partial, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize, useAsync: true))
            {
                var buffer = new byte[BufferSize];
                int read;
                while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                    bytes += read;
                }
            }

            // The rename is atomic: readers see the old file or the whole new one.
            File.Move(partial, target, overwrite: true);
        }
        finally
        {
            File.Delete(partial);
        }

        return new StoredArtifact(target, bytes, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }

    public async Task EnsureWritableAsync(string? root, CancellationToken cancellationToken)
    {
        var folder = Root(root);
        try
        {
            Directory.CreateDirectory(folder);
            var probe = Path.Combine(folder, $".ftw-probe-{Guid.NewGuid():N}");
            await File.WriteAllBytesAsync(probe, [], cancellationToken);
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"Result files could not be written to '{folder}' (Artifacts:Folder): {e.Message}", e);
        }
    }

    public Stream OpenRead(string location) =>
        new FileStream(location, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, useAsync: true);

    /// <summary>
    /// The configured folder, or one inside it that a workflow asked for (relative paths are
    /// taken from it). Nothing outside: whoever may start a workflow must not choose where the
    /// worker writes.
    /// </summary>
    private string Root(string? requested)
    {
        var configured = Path.GetFullPath(options.Value.Folder);
        if (requested is null)
        {
            return configured;
        }

        var chosen = Path.GetFullPath(Path.Combine(configured, requested));
        var inside = chosen == configured || chosen.StartsWith(configured.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal);
        return inside ? chosen : throw new InvalidRequestException("artifact_folder", $"'{requested}' is outside the worker's Artifacts:Folder '{configured}'");
    }

    // Provider names come from outside; nothing in them may climb out of the job's folder.
    private static string SafeName(string name)
    {
        var safe = string.Concat(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_')).Trim('.');
        return safe.Length == 0 ? "_" : safe;
    }
}
