using FineTuneWorkflows.Cli.Pricing;

namespace FineTuneWorkflows.Tests.Cli;

/// <summary>The recipe's default epochs and the bill, worked by hand.</summary>
public class CostEstimateTests
{
    [Theory]
    [InlineData(1, 25)]       // 100 // 1 = 100, capped at 25
    [InlineData(3, 25)]       // 100 // 3 = 33, capped at 25
    [InlineData(5, 20)]       // 5 × 3 = 15 < 100: 100 // 5
    [InlineData(10, 10)]
    [InlineData(33, 3)]       // 99 < 100: 100 // 33 = 3
    [InlineData(34, 3)]       // 102: within range
    [InlineData(8_333, 3)]    // 24,999: within range
    [InlineData(8_334, 2)]    // 25,002 > 25,000: 25,000 // 8,334 = 2
    [InlineData(12_500, 2)]
    [InlineData(12_501, 1)]
    [InlineData(30_000, 1)]   // 25,000 // 30,000 = 0, at least 1
    public void DefaultEpochs_IsTheRecipes(long examples, int expected) =>
        Assert.Equal(expected, CostEstimate.DefaultEpochs(examples));

    [Fact]
    public void For_GivenEpochs_BillsTokensTimesEpochsAtThePrice()
    {
        var estimate = CostEstimate.For(examples: 1000, billedTokensPerEpoch: 1_000_000, epochs: 3, usdPerMillion: 3.00m);

        Assert.Equal(3, estimate.Epochs);
        Assert.False(estimate.EpochsAreDefault);
        Assert.Equal(3_000_000, estimate.BilledTokens);
        Assert.Equal(9.00m, estimate.Usd);
    }

    [Fact]
    public void For_NoEpochs_UsesTheDefault_AndNoPriceMeansNoDollars()
    {
        var estimate = CostEstimate.For(examples: 5, billedTokensPerEpoch: 4306, epochs: null, usdPerMillion: null);

        Assert.Equal(20, estimate.Epochs);
        Assert.True(estimate.EpochsAreDefault);
        // The recipe's own printed example: ~4306 tokens, 20 epochs, ~86120 tokens charged.
        Assert.Equal(86_120, estimate.BilledTokens);
        Assert.Null(estimate.Usd);
    }

    [Fact]
    public void For_GptFourOMiniPrice_OnAMillionTokensForTwentyFiveEpochs()
    {
        // 25 × 40,000 tokens = 1,000,000 tokens at $3.00 per million.
        Assert.Equal(3.00m, CostEstimate.For(3, 40_000, null, 3.00m).Usd);
    }
}
