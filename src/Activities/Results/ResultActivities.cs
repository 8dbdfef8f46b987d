using FineTuneWorkflows.Activities.Provider;
using Microsoft.Extensions.Logging;
using Temporalio.Activities;
using static FineTuneWorkflows.Activities.CurrentActivity;

namespace FineTuneWorkflows.Activities.Results;

/// <summary>The activity that keeps a finished job's result files, replaced whole on a retry.</summary>
public sealed class ResultActivities(FineTuningClient client, IArtifactStore artifacts)
{
    private static readonly TimeSpan DownloadHeartbeat = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Streams every result file into the artifact store and summarises the metrics file.
    /// Only the summary and the locations travel back through Temporal: payloads are capped,
    /// result files are not.
    /// </summary>
    [Activity("RetrieveResultFiles")]
    public Task<RetrieveResultFilesOutput> RetrieveResultFilesAsync(RetrieveResultFilesInput input) => ActivityFailures.TranslateAsync(async () =>
    {
        ArgumentNullException.ThrowIfNull(input);
        var job = await client.RetrieveJobAsync(input.JobId, Cancellation);
        var stored = new List<ResultArtifact>();
        MetricsSummary? metrics = null;
        foreach (var fileId in job.ResultFiles ?? [])
        {
            Context.Heartbeat(fileId);
            var file = await client.RetrieveFileAsync(fileId, Cancellation);
            Context.Heartbeat(fileId);
            var filename = file.Filename ?? "result";
            StoredArtifact artifact;
            // Heartbeats while bytes flow: a download longer than the heartbeat timeout is fine, a stalled one is retried.
            await using (var content = new HeartbeatingStream(await client.OpenFileContentAsync(fileId, Cancellation), DownloadHeartbeat, () => Context.Heartbeat(fileId)))
            {
                artifact = await artifacts.SaveAsync(input.ArtifactFolder, job.Id, $"{fileId}-{filename}", content, Cancellation);
            }

            stored.Add(new ResultArtifact(fileId, filename, artifact.Location, artifact.Bytes, artifact.Sha256));
            if (metrics is null)
            {
                await using var saved = artifacts.OpenRead(artifact.Location);
                metrics = await MetricsCsv.SummarizeAsync(saved, Cancellation);
            }
        }

        Context.Logger.LogInformation("Stored {Count} result files of job {JobId}", stored.Count, job.Id);
        return new RetrieveResultFilesOutput(stored, metrics);
    }, jobExists: true);
}
