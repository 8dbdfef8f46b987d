using FineTuneWorkflows.Cli.Watching;

namespace FineTuneWorkflows.Tests.Cli;

public class LossChartTests
{
    [Fact]
    public void Lines_OneRow_HighestIsFull_LowestIsAnEighth() =>
        Assert.Equal(["1 │█▁"], LossChart.Lines([1.0, 0.0], width: 10, height: 1));

    [Fact]
    public void Lines_TwoRows_LabelsTopAndBottom_AndFillsFromTheBottom()
    {
        // Two rows are 16 eighths: 2.0 fills 16, 0.5 fills 1, 1.25 fills 1 + 0.5 × 15 = 8.5 → 8 (banker's rounding).
        var lines = LossChart.Lines([2.0, 1.25, 0.5], width: 10, height: 2);

        Assert.Equal(["  2 │█", "0.5 │██▁"], lines);
    }

    [Fact]
    public void Lines_MoreStepsThanColumns_AveragesBuckets()
    {
        Assert.Equal([2.0, 5.0], LossChart.Buckets([1.0, 3.0, 4.0, 6.0], 2));
        // Buckets 8/3 and 10/3 between 1 and 6: 1 + 7 × (5/3)/5 = 3.33 → 3 eighths; 1 + 7 × (7/3)/5 = 4.27 → 4.
        Assert.Equal(["6 │▃▄"], LossChart.Lines([1.0, 3.0, 4.0, 6.0, 2.0, 2.0], width: 2, height: 1));
    }

    [Fact]
    public void Lines_AFlatCurve_IsHalfHigh_NotDividedByZero() =>
        Assert.Equal(["0.3 │▄▄▄"], LossChart.Lines([0.3, 0.3, 0.3], width: 10, height: 1));

    [Fact]
    public void Lines_NoValues_NoChart() => Assert.Empty(LossChart.Lines([], 10, 4));
}
