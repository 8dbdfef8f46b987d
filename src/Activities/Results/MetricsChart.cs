using System.Text;
using System.Text.RegularExpressions;
using ScottPlot;

namespace FineTuneWorkflows.Activities.Results;

/// <summary>
/// The loss curve of a finished job as pictures: train and validation loss against step, and
/// accuracy on a right-hand axis where the file has it. PNG for people, SVG for pages.
/// </summary>
public static partial class MetricsChart
{
    public const int Width = 1000;
    public const int Height = 600;
    public const string PngName = "loss-curve.png";
    public const string SvgName = "loss-curve.svg";

    /// <summary>Null when there is nothing to draw (no loss and no accuracy in any row).</summary>
    public static (byte[] Png, byte[] Svg)? Render(IReadOnlyList<StepMetrics> steps, string title)
    {
        ArgumentNullException.ThrowIfNull(steps);
        var plot = new Plot();
        var drawn = Line(plot, steps, s => s.TrainLoss, "train_loss", Colors.Blue, right: false)
            | Line(plot, steps, s => s.ValidLoss, "valid_loss", Colors.Orange, right: false);
        var accuracy = Line(plot, steps, s => s.TrainAccuracy, "train_accuracy", Colors.Green, right: true)
            | Line(plot, steps, s => s.ValidAccuracy, "valid_accuracy", Colors.Red, right: true);
        if (!drawn && !accuracy)
        {
            return null;
        }

        plot.Title(title);
        plot.XLabel("step");
        plot.YLabel("loss");
        if (accuracy)
        {
            plot.Axes.Right.Label.Text = "accuracy";
        }

        plot.ShowLegend(Alignment.UpperRight);
        var png = plot.GetImageBytes(Width, Height, ImageFormat.Png);
        var svg = Encoding.UTF8.GetBytes(Numbered(plot.GetSvgXml(Width, Height)));
        return (png, svg);
    }

    private static bool Line(Plot plot, IReadOnlyList<StepMetrics> steps, Func<StepMetrics, double?> value, string name, Color color, bool right)
    {
        var points = steps.Where(s => value(s) is not null).ToList();
        if (points.Count == 0)
        {
            return false;
        }

        var line = plot.Add.Scatter(points.Select(p => (double)p.Step).ToArray(), points.Select(p => value(p)!.Value).ToArray(), color);
        line.LegendText = name;
        line.MarkerSize = points.Count > 50 ? 0 : 4;
        if (right)
        {
            line.Axes.YAxis = plot.Axes.Right;
        }

        return true;
    }

    /// <summary>
    /// ScottPlot names clip paths from a process-wide counter (<c>cl_4</c>, <c>cl_7</c>…): renamed
    /// in order of appearance, the same curve gives the same bytes, so a retried retrieval stores
    /// (and hashes) the same file.
    /// </summary>
    private static string Numbered(string svg)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        return ClipPathId().Replace(svg, m =>
        {
            if (!names.TryGetValue(m.Value, out var name))
            {
                name = $"cl_{names.Count + 1}";
                names[m.Value] = name;
            }

            return name;
        });
    }

    [GeneratedRegex(@"\bcl_[0-9a-fA-F]+\b")]
    private static partial Regex ClipPathId();
}
