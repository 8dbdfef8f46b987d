namespace FineTuneWorkflows.Cli.Pricing;

/// <summary>
/// What a training run will be billed, as OpenAI's data-preparation recipe estimates it: each
/// example's tokens capped at the model's limit, times the epochs.
/// </summary>
/// <param name="Epochs">The epochs asked for, or the provider's default for this many examples.</param>
/// <param name="EpochsAreDefault">True when no epoch count was given and <paramref name="Epochs"/> is the recipe's default.</param>
/// <param name="BilledTokensPerEpoch">Σ min(limit, tokens of each example).</param>
/// <param name="Usd">Null when the table has no price for the model.</param>
public sealed record CostEstimate(int Epochs, bool EpochsAreDefault, long BilledTokensPerEpoch, long BilledTokens, decimal? Usd)
{
    // The recipe's constants: aim for 3 epochs, but keep examples × epochs within [100, 25,000]
    // and the epochs within [1, 25].
    private const int TargetEpochs = 3;
    private const int MinTargetExamples = 100;
    private const int MaxTargetExamples = 25_000;
    private const int MinDefaultEpochs = 1;
    private const int MaxDefaultEpochs = 25;

    /// <summary>The epochs the provider picks when none is given, for <paramref name="examples"/> examples.</summary>
    public static int DefaultEpochs(long examples)
    {
        if (examples <= 0)
        {
            return TargetEpochs;
        }

        if (examples * TargetEpochs < MinTargetExamples)
        {
            return (int)Math.Min(MaxDefaultEpochs, MinTargetExamples / examples);
        }

        if (examples * TargetEpochs > MaxTargetExamples)
        {
            return (int)Math.Max(MinDefaultEpochs, MaxTargetExamples / examples);
        }

        return TargetEpochs;
    }

    public static CostEstimate For(long examples, long billedTokensPerEpoch, int? epochs, decimal? usdPerMillion)
    {
        var used = epochs ?? DefaultEpochs(examples);
        var billed = billedTokensPerEpoch * used;
        return new CostEstimate(used, epochs is null, billedTokensPerEpoch, billed, usdPerMillion is { } price ? billed * price / 1_000_000m : null);
    }
}
