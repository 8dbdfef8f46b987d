namespace FineTuneWorkflows.Cli.Validation;

/// <summary>How many lines broke a rule, and the first of them (a bounded list, however large the file).</summary>
public sealed class RuleTally(Rule rule)
{
    public const int LinesKept = 10;

    private readonly List<long> lines = [];

    public Rule Rule { get; } = rule;

    public long Count { get; private set; }

    public IReadOnlyList<long> FirstLines => lines;

    public void Add(long line)
    {
        Count++;
        if (lines.Count < LinesKept)
        {
            lines.Add(line);
        }
    }
}
