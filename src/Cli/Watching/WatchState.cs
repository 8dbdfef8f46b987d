using System.Globalization;
using System.Text.Json;
using FineTuneWorkflows.Wire;

namespace FineTuneWorkflows.Cli.Watching;

/// <summary>
/// What a watch has seen of one job: the statuses with when each began, and the metric events
/// in step order. Each look at the job is folded in by <see cref="Apply"/>, which says what is new.
/// </summary>
public sealed class WatchState
{
    private readonly List<StatusSpan> timeline = [];
    private readonly SortedDictionary<long, StepFigures> metrics = [];
    private readonly HashSet<string> seenEvents = [];

    public FineTuningJob? Job { get; private set; }

    public IReadOnlyList<StatusSpan> Timeline => timeline;

    public IReadOnlyList<StepFigures> Metrics => [.. metrics.Values];

    public StepFigures? Latest => metrics.Count == 0 ? null : metrics.Values.Last();

    public bool Ended => Job?.Status is { } status && JobStatus.IsTerminal(status);

    /// <summary>Folds in one look at the job and its newest events; returns one line per thing that is new, oldest first.</summary>
    public IReadOnlyList<string> Apply(FineTuningJob job, IReadOnlyList<JobEvent> newestFirst, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(newestFirst);
        Job = job;
        var lines = new List<string>();
        var metricsBefore = metrics.Count;
        foreach (var e in newestFirst.Reverse())
        {
            if (seenEvents.Add(e.Id) && StepFigures.FromEvent(e) is { } point)
            {
                metrics[point.Step] = point;
            }
        }

        var status = job.Status ?? JobStatus.Unknown;
        if (timeline.Count == 0 || timeline[^1].Status != status)
        {
            var line = $"{now.UtcDateTime:HH:mm:ss} {status}";
            if (timeline.Count > 0)
            {
                line += $" (after {Duration(now - timeline[^1].Since)} {timeline[^1].Status})";
            }

            timeline.Add(new StatusSpan(status, now));
            lines.Add(line);
        }

        if (metrics.Count > metricsBefore && Latest is { } latest)
        {
            lines.Add($"{now.UtcDateTime:HH:mm:ss} {Step(latest)}");
        }

        return lines;
    }

    public static string Step(StepFigures point)
    {
        ArgumentNullException.ThrowIfNull(point);
        var of = point.TotalSteps is { } total ? $"/{total}" : "";
        var figures = new List<string>();
        if (point.TrainLoss is { } train)
        {
            figures.Add(FormattableString.Invariant($"train_loss {train:0.####}"));
        }

        if (point.ValidLoss is { } valid)
        {
            figures.Add(FormattableString.Invariant($"valid_loss {valid:0.####}"));
        }

        if (point.TrainAccuracy is { } accuracy)
        {
            figures.Add(FormattableString.Invariant($"train_accuracy {accuracy:0.####}"));
        }

        return $"step {point.Step}{of}: {string.Join(", ", figures)}";
    }

    public static string Duration(TimeSpan span) =>
        span.TotalSeconds < 60 ? $"{Math.Max(0, (int)span.TotalSeconds)}s"
        : span.TotalMinutes < 60 ? $"{(int)span.TotalMinutes}m{span.Seconds:00}s"
        : string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalHours}h{span.Minutes:00}m");
}
