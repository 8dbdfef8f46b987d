using FineTuneWorkflows.Wire;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace FineTuneWorkflows.Cli.Watching;

/// <summary>The live picture of a watch: the job, its status timeline with durations, the ETA, the current step and the loss curve.</summary>
public static class WatchView
{
    public const int ChartHeight = 8;

    public static IRenderable Render(WatchState state, DateTimeOffset now, int width)
    {
        ArgumentNullException.ThrowIfNull(state);
        var rows = new List<IRenderable>();
        if (state.Job is not { } job)
        {
            return new Text("Waiting for the job…");
        }

        rows.Add(new Markup(Markup.Escape($"{job.Id}  {job.Model}") + $"  [bold]{Markup.Escape(job.Status ?? JobStatus.Unknown)}[/]"));
        var timeline = new Table().AddColumns("status", "since (UTC)", "lasted");
        for (var i = 0; i < state.Timeline.Count; i++)
        {
            var span = state.Timeline[i];
            var end = i + 1 < state.Timeline.Count ? state.Timeline[i + 1].Since : now;
            var lasted = i + 1 < state.Timeline.Count || !state.Ended ? WatchState.Duration(end - span.Since) : "";
            timeline.AddRow(span.Status, $"{span.Since.UtcDateTime:HH:mm:ss}", lasted);
        }

        rows.Add(timeline);
        if (!state.Ended && job.EstimatedFinish is { } finish)
        {
            var eta = DateTimeOffset.FromUnixTimeSeconds(finish);
            rows.Add(new Text($"ETA {eta.UtcDateTime:HH:mm:ss} UTC (in {WatchState.Duration(eta - now)})"));
        }

        if (state.Latest is { } latest)
        {
            rows.Add(new Text(WatchState.Step(latest)));
            var losses = state.Metrics.Where(m => m.TrainLoss is not null).Select(m => m.TrainLoss!.Value).ToList();
            var chart = LossChart.Lines(losses, Math.Max(10, width - 12), ChartHeight);
            if (chart.Count > 0)
            {
                rows.Add(new Text("train_loss by step"));
                rows.Add(new Text(string.Join('\n', chart)));
            }
        }

        if (state.Ended)
        {
            rows.Add(new Text(Final(job)));
        }

        return new Rows(rows);
    }

    /// <summary>The closing line: the model made, the tokens trained, or why it did not end well.</summary>
    public static string Final(FineTuningJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return job.Status switch
        {
            JobStatus.Succeeded => $"succeeded: {job.FineTunedModel ?? "(no model name given)"}" + (job.TrainedTokens is { } tokens ? $", {tokens:N0} trained tokens" : ""),
            JobStatus.Failed => $"failed: {job.Error?.Message ?? "(no reason given)"}",
            _ => job.Status ?? JobStatus.Unknown,
        };
    }
}
