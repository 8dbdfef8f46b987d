using FineTuneWorkflows.Bench.Replay;
using FineTuneWorkflows.Bench.Report;
using FineTuneWorkflows.Tests.Replay.Scripting;
using FineTuneWorkflows.Wire;
using Temporalio.Common;

namespace FineTuneWorkflows.Bench.Polling;

/// <summary>The histories of the 72-hour job, for the replay-cost figure.</summary>
public sealed record LongJobHistories(Scenario Ours, IReadOnlyList<WorkflowHistory> Baseline);

/// <summary>
/// Figure 1: provider calls, history events and detection latency per job, ours against the
/// 10-second polling loop, on the same timelines in the same run.
/// </summary>
public static class PollingEconomy
{
    public const string Section = "1. Polling economy";
    public const string CostSection = "6. Waiting cost";
    public const string TenHours = "10-hour";
    public const string SeventyTwoHours = "72-hour";

    private static readonly TimeSpan QuickPeriod = TimeSpan.FromHours(1);

    public static IReadOnlyList<JobClass> Classes(int jobs) =>
    [
        new("10-minute", TimeSpan.FromMinutes(10), TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(90), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(3), jobs),
        new("1-hour", TimeSpan.FromHours(1), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(3), TimeSpan.FromMinutes(20), jobs),
        new(TenHours, TimeSpan.FromHours(10), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(15), TimeSpan.FromHours(3), jobs),
        new(SeventyTwoHours, TimeSpan.FromHours(72), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(15), TimeSpan.FromHours(1), TimeSpan.FromHours(8), 1),
    ];

    public static async Task<(IReadOnlyList<Row> Rows, LongJobHistories LongJob)> RunAsync(int jobsPerClass, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(log);
        var pairs = await PollingRun.RunAsync(Classes(jobsPerClass), seed: 20250602);
        var rows = new List<Row>();
        LongJobHistories? longJob = null;
        foreach (var group in pairs.GroupBy(p => p.Class.Name))
        {
            var name = group.Key;
            var jobs = group.ToList();
            var isTenHours = name == TenHours;

            // Histories for every job, both designs; the first of each class is replayed with the
            // recording interceptors to prove it is a valid history of its workflow.
            var oursEvents = new List<int>();
            var baselineEvents = new List<int>();
            var baselineRuns = new List<int>();
            var loopEvents = new List<int>();
            var loopRuns = new List<int>();
            foreach (var pair in jobs)
            {
                var ours = Histories.Ours($"{name}-{pair.Index}-ours", pair.Ours.Observed);
                var baseline = Histories.Baseline($"{name}-{pair.Index}-baseline", pair.Baseline.Observed);
                var loop = Histories.Baseline($"{name}-{pair.Index}-timer-loop", pair.TimerLoop.Observed);
                oursEvents.Add(ours.EventCount);
                baselineEvents.Add(baseline.Sum(h => h.Events.Count));
                baselineRuns.Add(baseline.Count);
                loopEvents.Add(loop.Sum(h => h.Events.Count));
                loopRuns.Add(loop.Count);
                if (name == SeventyTwoHours)
                {
                    // Replayed (and so checked) by the replay-cost figure, which throws on any nondeterminism.
                    longJob = new LongJobHistories(ours, baseline);
                }
                else if (pair.Index == 0)
                {
                    await Replays.CheckOursAsync(ours);
                    await Replays.CheckBaselineAsync(name, baseline, pair.Baseline.Observed.Seen.Count);
                }
            }

            log.WriteLine($"  {name}: {jobs.Count} job(s) per design; histories built and replayed");
            rows.AddRange(CostRows(name, jobs, oursEvents.Average(), baselineRuns, loopEvents.Average(), loopRuns));
            var oursCalls = jobs.Average(p => p.Ours.Calls);
            var baselineCalls = jobs.Average(p => p.Baseline.Calls);
            rows.Add(new(Section, $"Provider calls per job, {name}", Format.N(oursCalls, 1), Format.N(baselineCalls, 1), Format.Fewer(oursCalls, baselineCalls),
                isTenHours ? "≥ 3× fewer" : "—", isTenHours ? baselineCalls / oursCalls >= 3 : null));
            var oursHistory = oursEvents.Average();
            var baselineHistory = baselineEvents.Average();
            var runs = baselineRuns.Average();
            rows.Add(new(Section, $"History events per job, {name}", Format.N(oursHistory, 1), $"{Format.N(baselineHistory, 1)} ({Format.N(runs, runs % 1 == 0 ? 0 : 1)} run{(runs == 1 ? string.Empty : "s")})",
                Format.Fewer(oursHistory, baselineHistory), isTenHours ? "≥ 30× fewer" : "—", isTenHours ? baselineHistory / oursHistory >= 30 : null));

            var ours50 = Percentile(jobs, p => p.Ours, 0.5);
            var ours95 = Percentile(jobs, p => p.Ours, 0.95);
            var base50 = Percentile(jobs, p => p.Baseline, 0.5);
            var base95 = Percentile(jobs, p => p.Baseline, 0.95);
            var changes = jobs.Sum(p => p.Ours.Detections.Count);
            rows.Add(new(Section, $"Detection latency p50 / p95, {name} ({changes} changes)", $"{Format.Seconds(ours50)} / {Format.Seconds(ours95)}", $"{Format.Seconds(base50)} / {Format.Seconds(base95)}",
                $"p95 {Format.Fewer(ours95, base95, "shorter", "longer")}", "—", null));

            if (isTenHours)
            {
                var early = Latencies(jobs, p => p.Ours, d => d.ChangedAt < QuickPeriod, d => d.Latency.TotalSeconds);
                var earlyBase = Latencies(jobs, p => p.Baseline, d => d.ChangedAt < QuickPeriod, d => d.Latency.TotalSeconds);
                var late = Latencies(jobs, p => p.Ours, d => d.ChangedAt >= QuickPeriod, d => d.Latency / d.ChangedAt);
                var lateBase = Latencies(jobs, p => p.Baseline, d => d.ChangedAt >= QuickPeriod, d => d.Latency / d.ChangedAt);
                var early95 = Format.Percentile(early, 0.95);
                var late95 = Format.Percentile(late, 0.95);
                rows.Add(new(Section, $"p95 latency, changes in the first hour, {name} ({early.Count} changes)", Format.Seconds(early95), Format.Seconds(Format.Percentile(earlyBase, 0.95)),
                    Format.Fewer(early95, Format.Percentile(earlyBase, 0.95), "shorter", "longer"), "≤ 30 s", early95 <= 30,
                    $"first-hour changes, ours: max {Format.Seconds(early.Max())}; the policy polls every 10 % of the job's age, capped at 30 s, in the first hour"));
                rows.Add(new(Section, $"p95 latency ÷ job age, changes after the first hour, {name} ({late.Count} changes)", Format.Percent(late95), Format.Percent(Format.Percentile(lateBase, 0.95)),
                    Format.Fewer(late95, Format.Percentile(lateBase, 0.95), "shorter", "longer"), "≤ 5 %", late95 <= 0.05));
            }
        }

        return (rows, longJob ?? throw new InvalidOperationException("no 72-hour job was run"));
    }

    /// <summary>
    /// Figure 6: what waiting costs in billable actions and worker slots, per design: ours (checks
    /// that Temporal retries), the heartbeating wait before it, a workflow-timer loop with the same
    /// poll policy, and the 10-second loop (the baseline column).
    /// </summary>
    private static List<Row> CostRows(string name, List<JobPair> jobs, double oursEvents, List<int> baselineRuns, double loopEvents, List<int> loopRuns)
    {
        var is72 = name == SeventyTwoHours;
        var changes = jobs.Average(p => p.Ours.Detections.Count);
        double Actions(Func<JobPair, DesignRun> design, Func<int, int> runs) =>
            jobs.Select((p, i) => BillableActions.Count(design(p).Spend, design(p).Detections.Count, runs(i))).Average();
        var ours = Actions(p => p.Ours, _ => 1);
        var heartbeating = Actions(p => p.Heartbeating, _ => 1);
        var loop = Actions(p => p.TimerLoop, i => loopRuns[i]);
        var baseline = Actions(p => p.Baseline, i => baselineRuns[i]);
        double Slot(Func<JobPair, DesignRun> design) => jobs.Average(p => design(p).Spend.SlotTime.TotalSeconds);
        double Idle(Func<JobPair, DesignRun> design) => jobs.Average(p => design(p).Spend.IdleSlotTime.TotalSeconds);
        double Calls(Func<JobPair, DesignRun> design) => jobs.Average(p => design(p).Calls);
        var attempts = jobs.Average(p => p.Ours.Spend.Attempts);
        var beats = jobs.Average(p => p.Heartbeating.Spend.Heartbeats);

        return
        [
            new(CostSection, $"Billable actions per job, {name}: ours", Format.N(ours, 1), Format.N(baseline, 1), Format.Fewer(ours, baseline),
                is72 ? "≤ 600" : "—", is72 ? ours <= 600 : null,
                $"{name}, ours: {Format.N(attempts, 1)} check attempts, no heartbeat, no timer, {Format.N(changes, 1)} status changes; {BillableActions.Rules}"),
            new(CostSection, $"Billable actions per job, {name}: the heartbeating wait (before)", Format.N(heartbeating, 1), Format.N(baseline, 1), Format.Fewer(heartbeating, baseline), "—", null,
                $"{name}, heartbeating wait: {Format.N(beats, 1)} heartbeats reached the server after the throttle, {Format.N(jobs.Average(p => p.Heartbeating.Spend.Attempts), 1)} activities"),
            new(CostSection, $"Billable actions per job, {name}: a workflow-timer loop, same poll policy", Format.N(loop, 1), Format.N(baseline, 1), Format.Fewer(loop, baseline), "—", null),
            new(CostSection, $"Worker slot-seconds per job, {name}: ours", Format.N(Slot(p => p.Ours), 3), Format.N(Slot(p => p.Baseline), 3), Format.Fewer(Slot(p => p.Ours), Slot(p => p.Baseline), "less", "more"), "—", null),
            new(CostSection, $"Worker slot-seconds per job, {name}: the heartbeating wait (before)", Format.N(Slot(p => p.Heartbeating), 1), Format.N(Slot(p => p.Baseline), 3), Format.Fewer(Slot(p => p.Heartbeating), Slot(p => p.Baseline), "less", "more"), "—", null),
            new(CostSection, $"Worker slot-seconds per job, {name}: a workflow-timer loop", Format.N(Slot(p => p.TimerLoop), 3), Format.N(Slot(p => p.Baseline), 3), Format.Fewer(Slot(p => p.TimerLoop), Slot(p => p.Baseline), "less", "more"), "—", null),
            new(CostSection, $"Slot-seconds between polls per job, {name}: ours (baseline column: the heartbeating wait)", Format.N(Idle(p => p.Ours), 1), Format.N(Idle(p => p.Heartbeating), 1), "—", "= 0", Idle(p => p.Ours) == 0),
            new(CostSection, $"Provider calls per job, {name}: ours (baseline column: the heartbeating wait)", Format.N(Calls(p => p.Ours), 1), Format.N(Calls(p => p.Heartbeating), 1), Format.Fewer(Calls(p => p.Ours), Calls(p => p.Heartbeating)),
                "≤ the heartbeating wait's", Calls(p => p.Ours) <= Calls(p => p.Heartbeating)),
            new(CostSection, $"Provider calls per job, {name}: a workflow-timer loop (baseline column: the heartbeating wait)", Format.N(Calls(p => p.TimerLoop), 1), Format.N(Calls(p => p.Heartbeating), 1), Format.Fewer(Calls(p => p.TimerLoop), Calls(p => p.Heartbeating)), "—", null),
            new(CostSection, $"History events per job, {name}: ours; a workflow-timer loop", Format.N(oursEvents, 1), Format.N(loopEvents, 1) + $" ({Format.N(loopRuns.Average(), 1)} runs)", Format.Fewer(oursEvents, loopEvents), "—", null),
            new(CostSection, $"Detection latency p50 / p95, {name}: the heartbeating wait; a workflow-timer loop",
                $"{Format.Seconds(Percentile(jobs, p => p.Heartbeating, 0.5))} / {Format.Seconds(Percentile(jobs, p => p.Heartbeating, 0.95))}",
                $"{Format.Seconds(Percentile(jobs, p => p.TimerLoop, 0.5))} / {Format.Seconds(Percentile(jobs, p => p.TimerLoop, 0.95))}", "—", "—", null),
        ];
    }

    private static double Percentile(List<JobPair> jobs, Func<JobPair, DesignRun> design, double p) =>
        Format.Percentile(Latencies(jobs, design, _ => true, d => d.Latency.TotalSeconds), p);

    private static List<double> Latencies(List<JobPair> jobs, Func<JobPair, DesignRun> design, Func<Detection, bool> which, Func<Detection, double> value) =>
        [.. jobs.SelectMany(p => design(p).Detections).Where(which).Select(value)];

    /// <summary>What the benchmark's jobs go through; used in notes.</summary>
    public static string Describe(JobClass c) =>
        $"{c.Name}: validating {c.ValidatingMin}–{c.ValidatingMax}, queued {c.QueuedMin}–{c.QueuedMax}, running the rest (+0–10 s); {c.Jobs} job(s) per design; ends {JobStatus.Succeeded}";
}
