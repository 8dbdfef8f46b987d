using System.Security.Cryptography;
using FineTuneWorkflows.Activities.Results;
using FineTuneWorkflows.Tests.Support;
using FineTuneWorkflows.Wire;

namespace FineTuneWorkflows.Tests.Activities;

public class RetrieveResultFilesActivityTests
{
    internal static async Task<(ProviderRig Rig, FineTuningJob Job)> SucceededJobAsync(Action<ProviderRig>? setUp = null)
    {
        var rig = await ProviderRig.StartAsync();
        setUp?.Invoke(rig);
        var job = await rig.Client.CreateJobAsync(new() { Model = "gpt-4o-mini", TrainingFile = "file-a" }, TestContext.Current.CancellationToken);
        return (rig, await WaitForStatusChangeActivityTests.WaitUntilFinalAsync(rig, job));
    }

    [Fact]
    public async Task Retrieve_SucceededJob_StoresEachFileAndSummarisesTheMetrics()
    {
        var (rig, job) = await SucceededJobAsync(r => r.Simulator.Options.ResultRows = 50);
        await using var _ = rig;

        var output = await new ActivityAttempt().RunAsync(() => rig.Results.RetrieveResultFilesAsync(new(job.Id)));

        // The provider's file first, then the loss curve drawn from it.
        Assert.Equal(["step_metrics.csv", "loss-curve.png", "loss-curve.svg"], output.Artifacts.Select(a => a.Filename));
        var artifact = output.Artifacts[0];
        Assert.Equal(job.ResultFiles!.Single(), artifact.FileId);
        Assert.StartsWith(Path.Combine(rig.ArtifactRoot, job.Id), artifact.Location, StringComparison.Ordinal);
        var bytes = await File.ReadAllBytesAsync(artifact.Location, TestContext.Current.CancellationToken);
        Assert.Equal(bytes.Length, artifact.Bytes);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), artifact.Sha256);
        var file = await rig.Client.RetrieveFileAsync(artifact.FileId, TestContext.Current.CancellationToken);
        Assert.Equal(file.Bytes, artifact.Bytes);

        var metrics = output.Metrics!;
        Assert.Equal(50, metrics.Rows);
        Assert.Equal(50, metrics.LastStep);
        Assert.True(metrics.BestTrainLoss <= metrics.FinalTrainLoss);
        Assert.NotNull(metrics.FinalValidLoss);
        Assert.NotNull(metrics.BestTrainAccuracy);
    }

    [Fact]
    public async Task Retrieve_WithThePublicUrlSet_SaysWhereTheStarterServesTheCurve()
    {
        var (rig, job) = await SucceededJobAsync();
        await using var _ = rig;
        var store = new LocalFolderArtifactStore(Microsoft.Extensions.Options.Options.Create(new ArtifactOptions { Folder = rig.ArtifactRoot }));
        var results = new ResultActivities(rig.Client, store, Microsoft.Extensions.Options.Options.Create(new ArtifactOptions { Folder = rig.ArtifactRoot, PublicUrl = new Uri("http://starter.example:5000/v1/") }));

        var output = await new ActivityAttempt().RunAsync(() => results.RetrieveResultFilesAsync(new(job.Id)));

        Assert.Equal(new Uri($"http://starter.example:5000/v1/fine_tuning/jobs/{Temporalio.Testing.ActivityEnvironment.DefaultInfo.WorkflowId}/artifacts/loss-curve.svg"), output.ChartUrl);
        Assert.Null((await new ActivityAttempt().RunAsync(() => rig.Results.RetrieveResultFilesAsync(new(job.Id)))).ChartUrl);
    }

    [Fact]
    public async Task Retrieve_Base64File_StoresItAsSentAndStillSummarises()
    {
        var (rig, job) = await SucceededJobAsync(r => { r.Simulator.Options.ResultRows = 30; r.Simulator.Options.ResultBase64 = true; });
        await using var _ = rig;

        var output = await new ActivityAttempt().RunAsync(() => rig.Results.RetrieveResultFilesAsync(new(job.Id)));

        var stored = await File.ReadAllTextAsync(output.Artifacts[0].Location, TestContext.Current.CancellationToken);
        Assert.DoesNotContain(",", stored, StringComparison.Ordinal);
        Assert.Equal(30, output.Metrics!.Rows);
        Assert.Equal(30, output.Metrics.LastStep);
    }

    [Fact]
    public async Task Retrieve_Twice_ReplacesTheFilesAndGivesTheSameAnswer()
    {
        var (rig, job) = await SucceededJobAsync();
        await using var _ = rig;

        var first = await new ActivityAttempt().RunAsync(() => rig.Results.RetrieveResultFilesAsync(new(job.Id)));
        var second = await new ActivityAttempt(attempt: 2).RunAsync(() => rig.Results.RetrieveResultFilesAsync(new(job.Id)));

        Assert.Equal(first.Artifacts, second.Artifacts);
        Assert.Equal(first.Metrics, second.Metrics);
        Assert.Equal(3, Directory.GetFiles(Path.Combine(rig.ArtifactRoot, job.Id)).Length);
    }

    [Fact]
    public async Task Retrieve_ToAnotherFolder_UsesIt()
    {
        var (rig, job) = await SucceededJobAsync();
        await using var _ = rig;
        var folder = Path.Combine(rig.ArtifactRoot, "elsewhere");

        var output = await new ActivityAttempt().RunAsync(() => rig.Results.RetrieveResultFilesAsync(new(job.Id, folder)));

        Assert.All(output.Artifacts, a => Assert.StartsWith(Path.Combine(folder, job.Id), a.Location, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Retrieve_ToAFolderOutsideTheArtifactFolder_IsRefusedAndRetriedUntilFixed()
    {
        // Checked before the create; a worker whose folder changed since must still not lose the
        // paid-for results by failing for good: it says why, and waits to be fixed.
        var (rig, job) = await SucceededJobAsync();
        await using var _ = rig;

        var failure = await Assert.ThrowsAsync<Temporalio.Exceptions.ApplicationFailureException>(() =>
            new ActivityAttempt().RunAsync(() => rig.Results.RetrieveResultFilesAsync(new(job.Id, "../../escape"))));

        Assert.False(failure.NonRetryable);
        Assert.Contains("outside the worker's Artifacts:Folder", failure.Message, StringComparison.Ordinal);
    }
}
