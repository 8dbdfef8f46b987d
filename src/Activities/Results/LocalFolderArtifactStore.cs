using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace FineTuneWorkflows.Activities.Results;

/// <summary>Result files in a local folder: <c>{root}/{job id}/{file name}</c>.</summary>
public sealed class LocalFolderArtifactStore(IOptions<ArtifactOptions> options) : IArtifactStore
{
    private const int BufferSize = 81920;

    public async Task<StoredArtifact> SaveAsync(string? root, string jobId, string name, Stream content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var folder = Path.GetFullPath(Path.Combine(root ?? options.Value.Folder, SafeName(jobId)));
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

    public Stream OpenRead(string location) =>
        new FileStream(location, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, useAsync: true);

    // Provider names come from outside; nothing in them may climb out of the job's folder.
    private static string SafeName(string name)
    {
        var safe = string.Concat(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_')).Trim('.');
        return safe.Length == 0 ? "_" : safe;
    }
}
