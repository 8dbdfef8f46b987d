using FineTuneWorkflows.Cli.Pricing;

namespace FineTuneWorkflows.Cli.Validation;

/// <summary>What <c>ftw validate</c> found in a file, and what training on it would cost.</summary>
/// <param name="Examples">Lines holding an example (every line but empty ones).</param>
/// <param name="CountedExamples">Examples without errors: the token figures and the estimate cover these.</param>
/// <param name="ErrorLines">Lines with at least one error (a line breaking two rules counts once), plus one for a file-wide error.</param>
public sealed record ValidationReport(
    string File,
    string Model,
    ModelInfo ModelInfo,
    string PricesAsOf,
    ExampleFormat? Format,
    long Examples,
    long CountedExamples,
    TokenStats Tokens,
    CostEstimate Estimate,
    IReadOnlyList<RuleTally> Findings,
    long ErrorLines)
{
    public bool HasErrors => ErrorLines > 0;
}
