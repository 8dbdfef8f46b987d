using System.Diagnostics;
using FineTuneWorkflows.Bench.Polling;
using FineTuneWorkflows.Bench.Replay;

var classes = new List<JobClass>
{
    new("10-minute", TimeSpan.FromMinutes(10), TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(90), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(3), 4),
    new("1-hour", TimeSpan.FromHours(1), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(3), TimeSpan.FromMinutes(20), 4),
    new("10-hour", TimeSpan.FromHours(10), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(15), TimeSpan.FromHours(3), 4),
};
var sw = Stopwatch.StartNew();
var pairs = await PollingRun.RunAsync(classes, 42);
Console.WriteLine($"run {sw.Elapsed}");
foreach (var p in pairs)
{
    Console.WriteLine($"{p.Class.Name} {p.Index} {p.Phases} ours {p.Ours.Calls} [{string.Join(", ", p.Ours.Detections.Select(d => $"{d.Status}@{d.ChangedAt} +{d.Latency.TotalSeconds}"))}] baseline {p.Baseline.Calls} [{string.Join(", ", p.Baseline.Detections.Select(d => $"{d.Status} +{d.Latency.TotalSeconds}"))}]");
}

sw.Restart();
foreach (var p in pairs.Where(p => p.Index == 0))
{
    var ours = Histories.Ours($"{p.Class.Name}-ours", p.Ours.Observed);
    var baseline = Histories.Baseline($"{p.Class.Name}-baseline", p.Baseline.Observed);
    Console.WriteLine($"{p.Class.Name}: ours {ours.EventCount} events, baseline {baseline.Sum(h => h.Events.Count)} events in {baseline.Count} runs (built {sw.Elapsed})");
    await Replays.CheckOursAsync(ours);
    await Replays.CheckBaselineAsync(p.Class.Name, baseline, p.Baseline.Observed.Seen.Count);
    Console.WriteLine($"  replayed {sw.Elapsed}");
    var plain = Replays.Plain<FineTuneWorkflows.Bench.Baseline.PollingLoopBaselineWorkflow>();
    var cpu = Process.GetCurrentProcess().TotalProcessorTime;
    sw.Restart();
    foreach (var h in baseline)
    {
        await plain.ReplayWorkflowAsync(h);
    }
    Console.WriteLine($"  plain baseline replay wall {sw.Elapsed} cpu {Process.GetCurrentProcess().TotalProcessorTime - cpu}");
    sw.Restart();
    cpu = Process.GetCurrentProcess().TotalProcessorTime;
    await plain.ReplayWorkflowsAsync(baseline);
    Console.WriteLine($"  plain baseline replay (one call) wall {sw.Elapsed} cpu {Process.GetCurrentProcess().TotalProcessorTime - cpu}");
    var plainOurs = Replays.Plain<FineTuneWorkflows.Workflows.FineTuneWorkflow>();
    sw.Restart();
    cpu = Process.GetCurrentProcess().TotalProcessorTime;
    for (var i = 0; i < 20; i++) await plainOurs.ReplayWorkflowAsync(ours.Runs[0].History);
    Console.WriteLine($"  plain ours replay x20 wall {sw.Elapsed} cpu {Process.GetCurrentProcess().TotalProcessorTime - cpu}");
    sw.Restart();
}
