using System.Text;
using FineTuneWorkflows.Activities.Results;

namespace FineTuneWorkflows.Tests.Activities;

public class MetricsCsvTests
{
    private static Task<MetricsSummary?> Summarize(string text) =>
        MetricsCsv.SummarizeAsync(new MemoryStream(Encoding.UTF8.GetBytes(text)), TestContext.Current.CancellationToken);

    [Fact]
    public async Task Summarize_OpenAIsColumns_GivesFinalAndBest()
    {
        var summary = await Summarize("""
            step,train_loss,train_accuracy,valid_loss,valid_mean_token_accuracy
            1,2.0,0.40,,
            2,1.5,0.55,1.9,0.45
            3,1.7,0.50,,
            4,1.2,0.60,1.4,0.58
            5,1.3,0.58,,
            """);

        Assert.Equal(new MetricsSummary(5, 5, 1.3, 1.2, 0.58, 0.60, 1.4, 1.4, 0.58, 0.58), summary);
    }

    [Fact]
    public async Task Summarize_ColumnsInAnotherOrderWithOtherNamesAndExtras_ReadsByHeader()
    {
        var summary = await Summarize("""
            extra,train_mean_token_accuracy,step,train_loss,unused
            x,0.3,10,3.0,y
            x,0.7,20,1.0,y
            """);

        Assert.Equal(2, summary!.Rows);
        Assert.Equal(20, summary.LastStep);
        Assert.Equal(0.7, summary.FinalTrainAccuracy);
        Assert.Equal(1.0, summary.BestTrainLoss);
        Assert.Null(summary.FinalValidLoss);
        Assert.Null(summary.BestValidAccuracy);
    }

    [Fact]
    public async Task Summarize_EmptyAndUnreadableCellsAndShortRows_AreSkipped()
    {
        var summary = await Summarize("step,train_loss,valid_loss\n1,,\n2,nan-ish,0.9\n3\n4,0.8,\n");

        Assert.Equal(4, summary!.Rows);
        Assert.Equal(4, summary.LastStep);
        Assert.Equal(0.8, summary.FinalTrainLoss);
        Assert.Equal(0.9, summary.FinalValidLoss);
    }

    [Fact]
    public async Task Summarize_Base64Body_IsDecodedFirst()
    {
        var csv = "step,train_loss\n1,0.9\n2,0.4\n";
        var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes(csv), Base64FormattingOptions.InsertLineBreaks);

        var summary = await Summarize(encoded);

        Assert.Equal(new MetricsSummary(2, 2, 0.4, 0.4, null, null, null, null, null, null), summary);
    }

    [Theory]
    [InlineData("")]
    [InlineData("hello,world\n1,2\n")]
    public async Task Summarize_NoKnownColumn_IsNull(string text) =>
        Assert.Null(await Summarize(text));
}
