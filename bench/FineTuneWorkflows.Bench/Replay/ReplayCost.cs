using System.Diagnostics;
using Temporalio.Common;
using Temporalio.Worker;

namespace FineTuneWorkflows.Bench.Replay;

/// <param name="Cpu">Process CPU time (every thread: the SDK's core replays on its own threads) for one replay of all the runs, median.</param>
/// <param name="Wall">Elapsed time for the same, median.</param>
public sealed record ReplayMeasure(TimeSpan Cpu, TimeSpan Wall, int Events, int Runs, int Repeats);

/// <summary>
/// CPU time to replay histories through <see cref="WorkflowReplayer"/>, as a worker does after a
/// restart or a cache eviction. BenchmarkDotNet measures elapsed time on the calling thread; the
/// figure asked for is CPU time, so this harness reads the process's CPU clock around each replay.
/// Replay throws on any nondeterminism, so every measured replay is also a validity check.
/// </summary>
public static class ReplayCost
{
    public static async Task<ReplayMeasure> MeasureAsync(WorkflowReplayer replayer, IReadOnlyList<WorkflowHistory> runs, int warmups, int repeats)
    {
        ArgumentNullException.ThrowIfNull(replayer);
        ArgumentNullException.ThrowIfNull(runs);
        for (var i = 0; i < warmups; i++)
        {
            await ReplayAllAsync(replayer, runs);
        }

        var cpu = new List<TimeSpan>();
        var wall = new List<TimeSpan>();
        using var process = Process.GetCurrentProcess();
        for (var i = 0; i < repeats; i++)
        {
            process.Refresh();
            var cpuBefore = process.TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            await ReplayAllAsync(replayer, runs);
            wall.Add(clock.Elapsed);
            process.Refresh();
            cpu.Add(process.TotalProcessorTime - cpuBefore);
        }

        return new ReplayMeasure(Median(cpu), Median(wall), runs.Sum(r => r.Events.Count), runs.Count, repeats);
    }

    private static async Task ReplayAllAsync(WorkflowReplayer replayer, IReadOnlyList<WorkflowHistory> runs)
    {
        foreach (var run in runs)
        {
            await replayer.ReplayWorkflowAsync(run, throwOnReplayFailure: true);
        }
    }

    private static TimeSpan Median(List<TimeSpan> values) => values.Order().ElementAt(values.Count / 2);
}
