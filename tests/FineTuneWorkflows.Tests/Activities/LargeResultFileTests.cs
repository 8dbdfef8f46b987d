using FineTuneWorkflows.Tests.Support;

namespace FineTuneWorkflows.Tests.Activities;

[CollectionDefinition(nameof(LargeResultFileTests), DisableParallelization = true)]
public sealed class LargeResultFileGroup;

/// <summary>Alone in its collection, so other tests' allocations do not blur the heap reading.</summary>
[Collection(nameof(LargeResultFileTests))]
public class LargeResultFileTests
{
    private const long FiftyMegabytes = 50L * 1024 * 1024;

    [Fact]
    public async Task Retrieve_A50MegabyteResultFile_StreamsWithBoundedMemory()
    {
        var (rig, job) = await RetrieveResultFilesActivityTests.SucceededJobAsync(r => r.Simulator.Options.ResultRows = 2_000_000);
        await using var _ = rig;
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        // The heap as each collection leaves it: what is still referenced, not the garbage
        // that waits for the next collection (a budget that differs from machine to machine).
        var baseline = GC.GetGCMemoryInfo().HeapSizeBytes;
        var collections = GC.CollectionCount(0);
        using var sampling = new CancellationTokenSource();
        long peak = baseline;
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peak = Math.Max(peak, GC.GetGCMemoryInfo().HeapSizeBytes);
                await Task.Delay(2, CancellationToken.None);
            }
        }, TestContext.Current.CancellationToken);

        var output = await new ActivityAttempt().RunAsync(() => rig.Results.RetrieveResultFilesAsync(new(job.Id)));
        await sampling.CancelAsync();
        await sampler;

        var artifact = output.Artifacts[0];
        Assert.Equal(["loss-curve.png", "loss-curve.svg"], output.Artifacts.Skip(1).Select(a => a.Filename));
        var growth = peak - baseline;
        collections = GC.CollectionCount(0) - collections;
        TestContext.Current.SendDiagnosticMessage($"result file {artifact.Bytes / 1024.0 / 1024.0:F1} MiB; heap after collections grew at most {growth / 1024.0 / 1024.0:F1} MiB over {collections} collections");
        Assert.True(collections > 0, "no collection ran, so the heap reading says nothing");
        Assert.True(artifact.Bytes >= FiftyMegabytes, $"the file is only {artifact.Bytes} bytes");
        Assert.Equal(new FileInfo(artifact.Location).Length, artifact.Bytes);
        Assert.Equal(2_000_000, output.Metrics!.Rows);
        // Holding the file would need at least its size; streaming needs buffers and one row.
        Assert.True(growth < artifact.Bytes / 4, $"heap grew by {growth} bytes while streaming {artifact.Bytes}");
    }
}
