using FineTuneWorkflows.Workflows;
using Temporalio.Client;

namespace FineTuneWorkflows.Dev;

/// <summary>
/// Prints every fine-tune's status changes as they happen, read from Temporal visibility (the
/// same search attributes the Web UI filters on), so a dev-mode user sees a job move.
/// </summary>
public sealed class JobWatcher(ITemporalClient client, TextWriter output) : BackgroundService
{
    private static readonly TimeSpan Every = TimeSpan.FromSeconds(2);
    private readonly Dictionary<string, string> seen = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Every);
        do
        {
            try
            {
                await foreach (var run in client.ListWorkflowsAsync("WorkflowType = 'FineTune'", new() { Limit = 100 }).WithCancellation(stoppingToken))
                {
                    Report(run);
                }
            }
            catch (Temporalio.Exceptions.RpcException e)
            {
                await output.WriteLineAsync($"[dev] could not read job statuses from Temporal: {e.Message}");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private void Report(WorkflowExecution run)
    {
        var attributes = run.TypedSearchAttributes;
        if (!attributes.TryGetValue(SearchAttributes.Status, out var status))
        {
            return;
        }

        var now = run.Status == Temporalio.Api.Enums.V1.WorkflowExecutionStatus.Running ? status : $"{status} (workflow {run.Status.ToString().ToLowerInvariant()})";
        if (seen.TryGetValue(run.RunId, out var before) && before == now)
        {
            return;
        }

        seen[run.RunId] = now;
        attributes.TryGetValue(SearchAttributes.JobId, out var jobId);
        output.WriteLine($"[dev] {DateTimeOffset.Now:HH:mm:ss} {run.Id} (provider job {jobId}): {(before is null ? string.Empty : before + " -> ")}{now}");
    }
}
