using System.Security.Cryptography;
using System.Text;
using FineTuneWorkflows.Activities.Results;
using Microsoft.Extensions.Options;

namespace FineTuneWorkflows.Tests.Activities;

public sealed class LocalFolderArtifactStoreTests : IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), $"ftw-artifacts-{Guid.NewGuid():N}");

    private LocalFolderArtifactStore Store => new(Options.Create(new ArtifactOptions { Folder = root }));

    public void Dispose()
    {
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task Save_WritesTheBytesInTheJobsFolderWithTheirDigest()
    {
        var bytes = Encoding.UTF8.GetBytes("step,train_loss\n1,0.5\n");

        var stored = await Store.SaveAsync(null, "ftjob-1", "file-1-step_metrics.csv", new MemoryStream(bytes), TestContext.Current.CancellationToken);

        Assert.Equal(Path.Combine(root, "ftjob-1", "file-1-step_metrics.csv"), stored.Location);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(stored.Location, TestContext.Current.CancellationToken));
        Assert.Equal(bytes.Length, stored.Bytes);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), stored.Sha256);
    }

    [Fact]
    public async Task Save_Again_ReplacesTheFileWholeAndLeavesNoPartials()
    {
        var ct = TestContext.Current.CancellationToken;
        await Store.SaveAsync(null, "ftjob-1", "r.csv", new MemoryStream(new byte[1000]), ct);

        var stored = await Store.SaveAsync(null, "ftjob-1", "r.csv", new MemoryStream([1, 2, 3]), ct);

        Assert.Equal([1, 2, 3], await File.ReadAllBytesAsync(stored.Location, ct));
        Assert.Single(Directory.GetFiles(Path.Combine(root, "ftjob-1")));
    }

    [Fact]
    public async Task Save_NamesThatClimbOut_StayInsideTheRoot()
    {
        var stored = await Store.SaveAsync(null, "../../etc", "../passwd", new MemoryStream([1]), TestContext.Current.CancellationToken);

        Assert.StartsWith(root + Path.DirectorySeparatorChar, stored.Location, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Save_ReadFailsHalfway_LeavesNoFileBehind()
    {
        var failing = new FailingStream(afterBytes: 100_000);

        await Assert.ThrowsAsync<IOException>(() => Store.SaveAsync(null, "ftjob-2", "r.csv", failing, TestContext.Current.CancellationToken));

        Assert.Empty(Directory.GetFiles(Path.Combine(root, "ftjob-2")));
    }

    /// <summary>A connection that drops after some bytes, as a provider's can.</summary>
    private sealed class FailingStream(int afterBytes) : MemoryStream(new byte[afterBytes])
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Position >= Length ? throw new IOException("connection reset") : base.ReadAsync(buffer, cancellationToken);
    }
}
