using System.Globalization;

namespace FineTuneWorkflows.Bench;

/// <param name="JobsPerClass">Jobs per class and design in the polling figure (the 72-hour job is always one).</param>
/// <param name="ResultsPath">Where to write the results as Markdown (bench/RESULTS.md), or null to print only.</param>
/// <param name="Only">Run only these sections (1–9; 1 and 6 run together); empty for all.</param>
public sealed record BenchOptions(int JobsPerClass, string? ResultsPath, IReadOnlySet<int> Only)
{
    public const string Usage = "usage: dotnet run -c Release --project bench/FineTuneWorkflows.Bench [-- [--results bench/RESULTS.md] [--jobs N] [--only 1,3]]";

    public bool Runs(int section) => Only.Count == 0 || Only.Contains(section);

    public static BenchOptions Parse(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var jobs = 16;
        string? results = null;
        var only = new HashSet<int>();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--results" when i + 1 < args.Length:
                    results = args[++i];
                    break;
                case "--jobs" when i + 1 < args.Length:
                    jobs = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--only" when i + 1 < args.Length:
                    only.UnionWith(args[++i].Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)));
                    break;
                default:
                    throw new ArgumentException($"unknown argument '{args[i]}'\n{Usage}");
            }
        }

        return new BenchOptions(jobs, results, only);
    }
}
