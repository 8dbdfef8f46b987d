namespace FineTuneWorkflows.Bench.Report;

/// <summary>One line of the results table.</summary>
/// <param name="Met">True met, false short, null when the figure has no target (or was skipped).</param>
/// <param name="Note">Why it is short, or what was measured, for the notes below the table.</param>
public sealed record Row(string Section, string Figure, string Ours, string Baseline, string Ratio, string Target, bool? Met, string? Note = null)
{
    public string Verdict => Met switch
    {
        true => "met",
        false => "short",
        null => Target == "skipped" ? "skipped" : "—",
    };
}
