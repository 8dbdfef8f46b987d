using System.Diagnostics;
using FineTuneWorkflows.Bench;
using FineTuneWorkflows.Bench.Client;
using FineTuneWorkflows.Bench.Report;

// The simulator's child process (see SimulatorProcess) runs this same program.
if (args.Contains(SimulatorProcess.ServeArgument))
{
    await SimulatorProcess.ServeAsync(longJobs: args.Contains(SimulatorProcess.LongJobsArgument));
    return 0;
}

var options = BenchOptions.Parse(args);
var clock = Stopwatch.StartNew();
var results = await Suite.RunAsync(options, Console.Out);
var report = ResultsReport.Render(results, clock.Elapsed, options);
Console.WriteLine();
Console.WriteLine(report.Console);
if (options.ResultsPath is { } path)
{
    await File.WriteAllTextAsync(path, report.Markdown);
    Console.WriteLine($"Wrote {Path.GetFullPath(path)}");
}

return 0;
