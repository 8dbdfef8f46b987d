using System.Globalization;

namespace FineTuneWorkflows.Bench.Report;

public static class Format
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string N(double value, int decimals = 0) => value.ToString("N" + decimals.ToString(Invariant), Invariant);

    public static string Seconds(double seconds) => seconds < 10 ? $"{N(seconds, 1)} s" : $"{N(seconds)} s";

    public static string Percent(double fraction) => $"{N(fraction * 100, 2)} %";

    public static string Bytes(double bytes) => bytes >= 10_240 ? $"{N(bytes / 1024, 1)} KiB" : $"{N(bytes)} B";

    public static string Duration(TimeSpan span) => span.TotalSeconds < 1 ? $"{N(span.TotalMilliseconds, 2)} ms" : $"{N(span.TotalSeconds, 2)} s";

    /// <summary>"12.3× fewer" for a cost where ours is lower: <paramref name="baseline"/> ÷ <paramref name="ours"/>.</summary>
    public static string Fewer(double ours, double baseline, string less = "fewer", string more = "more") =>
        ours <= 0 ? "∞" : baseline >= ours ? $"{N(baseline / ours, 1)}× {less}" : $"{N(ours / baseline, 2)}× {more}";

    /// <summary>"1.8× more" for a rate where ours is higher: <paramref name="ours"/> ÷ <paramref name="baseline"/>.</summary>
    public static string Higher(double ours, double baseline) =>
        baseline <= 0 ? "∞" : ours >= baseline ? $"{N(ours / baseline, 2)}× higher" : $"{N(baseline / ours, 2)}× lower";

    /// <summary>Linear-interpolated percentile (0..1) of the values.</summary>
    public static double Percentile(IReadOnlyCollection<double> values, double p)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToArray();
        var rank = p * (sorted.Length - 1);
        var low = (int)Math.Floor(rank);
        var high = (int)Math.Ceiling(rank);
        return sorted[low] + ((sorted[high] - sorted[low]) * (rank - low));
    }
}
