using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Temporalio.Runtime;

namespace FineTuneWorkflows.Worker.Telemetry;

/// <summary>
/// Temporal's core metrics (task latencies, poll counts, slots, and what workflows record through
/// <c>Workflow.MetricMeter</c>) onto a <see cref="Meter"/>, so OpenTelemetry exports them with
/// everything else. Histograms of durations arrive as milliseconds.
/// </summary>
public sealed class TemporalMeterBridge(Meter meter) : ICustomMetricMeter
{
    public const string MeterName = "FineTuneWorkflows.Temporal";

    public ICustomMetricCounter<T> CreateCounter<T>(string name, string? unit, string? description)
        where T : struct => new Counter<T>(meter.CreateCounter<T>(name, unit, description));

    public ICustomMetricHistogram<T> CreateHistogram<T>(string name, string? unit, string? description)
        where T : struct
    {
        if (typeof(T) == typeof(TimeSpan))
        {
            return (ICustomMetricHistogram<T>)(object)new Durations(meter.CreateHistogram<long>(name, "ms", description));
        }

        return new Histogram<T>(meter.CreateHistogram<T>(name, unit, description));
    }

    public ICustomMetricGauge<T> CreateGauge<T>(string name, string? unit, string? description)
        where T : struct
    {
        var gauge = new Gauge<T>();
        meter.CreateObservableGauge(name, gauge.Observe, unit, description);
        return gauge;
    }

    public object CreateTags(object? appendFrom, IReadOnlyCollection<KeyValuePair<string, object>> tags)
    {
        var all = appendFrom is KeyValuePair<string, object?>[] earlier ? earlier.ToDictionary() : [];
        foreach (var (key, value) in tags)
        {
            all[key] = value;
        }

        return all.OrderBy(t => t.Key, StringComparer.Ordinal).ToArray();
    }

    private static ReadOnlySpan<KeyValuePair<string, object?>> Tags(object tags) => (KeyValuePair<string, object?>[])tags;

    private sealed class Counter<T>(System.Diagnostics.Metrics.Counter<T> counter) : ICustomMetricCounter<T>
        where T : struct
    {
        public void Add(T value, object tags) => counter.Add(value, Tags(tags));
    }

    private sealed class Histogram<T>(System.Diagnostics.Metrics.Histogram<T> histogram) : ICustomMetricHistogram<T>
        where T : struct
    {
        public void Record(T value, object tags) => histogram.Record(value, Tags(tags));
    }

    private sealed class Durations(System.Diagnostics.Metrics.Histogram<long> histogram) : ICustomMetricHistogram<TimeSpan>
    {
        public void Record(TimeSpan value, object tags) => histogram.Record((long)value.TotalMilliseconds, Tags(tags));
    }

    /// <summary>The last value set for each tag set, reported when the exporter asks.</summary>
    private sealed class Gauge<T> : ICustomMetricGauge<T>
        where T : struct
    {
        private readonly ConcurrentDictionary<string, Measurement<T>> latest = new();

        public void Set(T value, object tags)
        {
            var pairs = (KeyValuePair<string, object?>[])tags;
            latest[string.Join('\u001f', pairs.Select(p => $"{p.Key}={p.Value}"))] = new Measurement<T>(value, pairs);
        }

        public Measurement<T>[] Observe() => [.. latest.Values];
    }
}
