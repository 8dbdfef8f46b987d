namespace FineTuneWorkflows.Cli.Validation;

/// <summary>Token counts over the counted examples, kept as running sums so memory does not grow with the file.</summary>
public sealed class TokenStats
{
    public long Total { get; private set; }

    /// <summary>Σ min(limit, tokens): what an epoch is billed.</summary>
    public long Billed { get; private set; }

    public int Min { get; private set; }

    public int Max { get; private set; }

    public long Examples { get; private set; }

    public double Mean => Examples == 0 ? 0 : (double)Total / Examples;

    public void Add(int tokens, int limit)
    {
        Min = Examples == 0 ? tokens : Math.Min(Min, tokens);
        Max = Math.Max(Max, tokens);
        Examples++;
        Total += tokens;
        Billed += Math.Min(tokens, limit);
    }
}
