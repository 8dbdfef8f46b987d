using System.Globalization;
using System.Text;

namespace FineTuneWorkflows.Cli.Watching;

/// <summary>
/// A loss curve in text: columns of block characters, one column per bucket of steps (its mean
/// loss), scaled between the lowest and highest loss seen, with those two values on the axis.
/// </summary>
public static class LossChart
{
    private const string Eighths = " ▁▂▃▄▅▆▇█";

    public static IReadOnlyList<string> Lines(IReadOnlyList<double> values, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        if (values.Count == 0)
        {
            return [];
        }

        var columns = Buckets(values, Math.Min(width, values.Count));
        double low = values.Min(), high = values.Max();
        var span = high - low;
        var label = Math.Max(Format(high).Length, Format(low).Length);
        var rows = new List<string>(height);
        for (var row = height - 1; row >= 0; row--)
        {
            var line = new StringBuilder(label + 2 + columns.Length);
            line.Append((row == height - 1 ? Format(high) : row == 0 ? Format(low) : "").PadLeft(label)).Append(" │");
            foreach (var value in columns)
            {
                // Eighths of a row filled from the bottom: at least one for the lowest, so the line never vanishes.
                var filled = span == 0 ? height * 4 : (int)Math.Round(1 + ((value - low) / span * ((height * 8) - 1)));
                line.Append(Eighths[Math.Clamp(filled - (row * 8), 0, 8)]);
            }

            rows.Add(line.ToString().TrimEnd());
        }

        return rows;
    }

    /// <summary>Splits <paramref name="values"/> into <paramref name="count"/> runs of (nearly) equal length; each run's mean.</summary>
    public static double[] Buckets(IReadOnlyList<double> values, int count)
    {
        ArgumentNullException.ThrowIfNull(values);
        var means = new double[count];
        for (var i = 0; i < count; i++)
        {
            int from = (int)((long)i * values.Count / count), to = (int)((long)(i + 1) * values.Count / count);
            double sum = 0;
            for (var j = from; j < to; j++)
            {
                sum += values[j];
            }

            means[i] = sum / (to - from);
        }

        return means;
    }

    private static string Format(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);
}
