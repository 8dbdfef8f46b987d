using System.Buffers.Binary;
using System.Text;
using System.Xml.Linq;
using FineTuneWorkflows.Activities.Results;

namespace FineTuneWorkflows.Tests.Activities;

public class MetricsChartTests
{
    private static readonly StepMetrics[] Steps =
    [
        new(1, 2.0, null, 0.4, null),
        new(2, 1.5, 1.7, 0.5, 0.45),
        new(3, 1.0, null, 0.6, null),
        new(4, 0.7, 0.9, 0.7, 0.65),
    ];

    [Fact]
    public void Render_Png_IsAPngOfTheStatedSize()
    {
        var (png, _) = MetricsChart.Render(Steps, "ftjob-x: loss by step")!.Value;

        // The PNG signature, then the IHDR chunk: width and height as big-endian integers.
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        Assert.Equal("IHDR", Encoding.ASCII.GetString(png, 12, 4));
        Assert.Equal(1000, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16, 4)));
        Assert.Equal(600, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20, 4)));
    }

    [Fact]
    public void Render_Svg_IsAnSvgOfTheStatedSize_NamingEveryCurve()
    {
        var (_, svg) = MetricsChart.Render(Steps, "ftjob-x: loss by step")!.Value;

        var root = XDocument.Parse(Encoding.UTF8.GetString(svg)).Root!;
        Assert.Equal("svg", root.Name.LocalName);
        Assert.Equal("1000", root.Attribute("width")!.Value);
        Assert.Equal("600", root.Attribute("height")!.Value);
        var text = Encoding.UTF8.GetString(svg);
        foreach (var label in new[] { "train_loss", "valid_loss", "train_accuracy", "valid_accuracy", "ftjob-x: loss by step", "step" })
        {
            Assert.Contains(label, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Render_TheSameCurveTwice_GivesTheSameBytes()
    {
        var first = MetricsChart.Render(Steps, "t")!.Value;
        var second = MetricsChart.Render(Steps, "t")!.Value;

        Assert.Equal(first.Png, second.Png);
        Assert.Equal(first.Svg, second.Svg);
    }

    [Fact]
    public void Render_NoLossNorAccuracy_DrawsNothing() =>
        Assert.Null(MetricsChart.Render([new StepMetrics(1, null, null, null, null)], "t"));

    [Fact]
    public async Task ReadAsync_ALongFile_KeepsABoundedEvenSpreadOfSteps()
    {
        var csv = new StringBuilder("step,train_loss\n");
        for (var i = 1; i <= 10_000; i++)
        {
            csv.Append(i).Append(',').Append(1.0 / i).Append('\n');
        }

        using var content = new MemoryStream(Encoding.UTF8.GetBytes(csv.ToString()));
        var reading = await MetricsCsv.ReadAsync(content, maxSteps: 1000, TestContext.Current.CancellationToken);

        // 10,000 rows into at most 1,000: every 16th row (1, 17, 33, …), 625 of them.
        Assert.Equal(625, reading.Steps.Count);
        Assert.Equal(Enumerable.Range(0, 625).Select(k => 1L + (16L * k)), reading.Steps.Select(s => s.Step));
        Assert.Equal(10_000, reading.Summary!.Rows);
    }
}
