using FineTuneWorkflows.Activities.Provider;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Temporalio.Activities;
using static FineTuneWorkflows.Activities.CurrentActivity;

namespace FineTuneWorkflows.Activities.Results;

/// <summary>The activity that keeps a finished job's result files, replaced whole on a retry.</summary>
public sealed class ResultActivities(FineTuningClient client, IArtifactStore artifacts, IOptions<ArtifactOptions>? options = null)
{
    private static readonly TimeSpan DownloadHeartbeat = TimeSpan.FromSeconds(10);

    /// <summary>Points per curve: more than a 1,000-pixel chart can show.</summary>
    private const int ChartSteps = 2000;

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
                MetricsReading reading;
                await using (var saved = artifacts.OpenRead(artifact.Location))
                {
                    reading = await MetricsCsv.ReadAsync(saved, ChartSteps, Cancellation);
                }

                metrics = reading.Summary;
                stored.AddRange(await SaveChartsAsync(input, job.Id, fileId, reading.Steps));
            }
        }

        Context.Logger.LogInformation("Stored {Count} result files of job {JobId}", stored.Count, job.Id);
        return new RetrieveResultFilesOutput(stored, metrics) { ChartUrl = ChartUrl(stored) };
    }, jobExists: true);

    /// <summary>The starter's route for the SVG curve, under the workflow's id (the starter's job id).</summary>
    private Uri? ChartUrl(IReadOnlyList<ResultArtifact> stored) =>
        options?.Value.PublicUrl is { } root && stored.FirstOrDefault(a => a.Filename == MetricsChart.SvgName) is { } svg
            ? new Uri($"{root.AbsoluteUri.TrimEnd('/')}/fine_tuning/jobs/{Context.Info.WorkflowId}/artifacts/{Uri.EscapeDataString(Path.GetFileName(svg.Location))}")
            : null;

    /// <summary>
    /// The loss curve as PNG and SVG, stored beside the file it was drawn from and listed with the
    /// artifacts. A picture that cannot be drawn costs only the picture: the results stand.
    /// </summary>
    private async Task<IReadOnlyList<ResultArtifact>> SaveChartsAsync(RetrieveResultFilesInput input, string jobId, string fromFileId, IReadOnlyList<StepMetrics> steps)
    {
        (byte[] Png, byte[] Svg)? charts;
        try
        {
            charts = MetricsChart.Render(steps, $"{jobId}: loss by step");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Context.Logger.LogWarning(e, "Could not draw the loss curve of job {JobId}; its result files are kept all the same", jobId);
            return [];
        }

        if (charts is not { } pictures)
        {
            return [];
        }

        var saved = new List<ResultArtifact>(2);
        foreach (var (name, bytes) in new[] { (MetricsChart.PngName, pictures.Png), (MetricsChart.SvgName, pictures.Svg) })
        {
            using var content = new MemoryStream(bytes, writable: false);
            var artifact = await artifacts.SaveAsync(input.ArtifactFolder, jobId, name, content, Cancellation);
            saved.Add(new ResultArtifact(fromFileId, name, artifact.Location, artifact.Bytes, artifact.Sha256));
        }

        return saved;
    }
}
