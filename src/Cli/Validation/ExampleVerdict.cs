namespace FineTuneWorkflows.Cli.Validation;

/// <summary>What one example broke (each rule once), its format when recognisable, and its tokens when it has no errors.</summary>
public sealed record ExampleVerdict(IReadOnlyCollection<Rule> Broken, ExampleFormat? Format, int? Tokens)
{
    public bool HasErrors => Broken.Any(r => r.Severity == Severity.Error);
}
