using FineTuneWorkflows.Bench.Report;
using FineTuneWorkflows.Workflows;

namespace FineTuneWorkflows.Bench.Capacity;

/// <summary>
/// Figure 9: what a fine-tune spends while it waits for room — at the provider (its cap on active
/// jobs, its daily cap on creates) and in this deployment's own line (<c>Provider:Limits</c>) —
/// for an hour and for a day.
/// </summary>
public static class CapacityFigures
{
    public const string Section = "9. Waiting for capacity";

    /// <summary>"A handful, not hundreds": the words, read as at most ten.</summary>
    public const int Handful = 10;

    private static readonly DateTimeOffset Morning = new(2025, 6, 2, 0, 0, 30, TimeSpan.Zero);

    public static async Task<(IReadOnlyList<Row> Rows, string Note)> RunAsync(TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(log);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var rows = new List<Row>();
        foreach (var (name, start, blockedFor) in new (string, DateTimeOffset, TimeSpan?)[]
        {
            ("provider's active-jobs cap, an hour", Morning, TimeSpan.FromHours(1)),
            ("provider's active-jobs cap, a day", Morning, TimeSpan.FromDays(1)),
            ("provider's daily cap, an hour (refused at 23:00 UTC)", Morning.Date.AddHours(23), null),
            ("provider's daily cap, a day (refused at 00:00:30 UTC)", Morning, null),
        })
        {
            // Several fine-tunes, as jitter differs by workflow id.
            var spends = new List<CapacitySpend>();
            for (var i = 0; i < 8; i++)
            {
                spends.Add(await CapacityWait.RunAsync(start, blockedFor, $"ftjob-bench-{i:D2}"));
            }

            log.WriteLine($"  {name}: {spends.Average(s => s.Actions):N1} actions, waited {spends.Average(s => s.Waited.TotalMinutes):N0} min ({watch.Elapsed.TotalSeconds:N1} s)");
            var actions = spends.Average(s => s.Actions);
            var isHour = name.Contains("an hour", StringComparison.Ordinal);
            rows.Add(new(Section, $"Billable actions per job while waiting, {name}", $"{Format.N(actions, 1)} (max {spends.Max(s => s.Actions)})", "—", "—", isHour ? $"≤ {Handful}" : $"≤ {Handful} (a handful)", spends.Max(s => s.Actions) <= Handful));
            rows.Add(new(Section, $"Provider calls per job while waiting, {name}", Format.N(spends.Average(s => (double)s.Calls), 1), "—", "—", "—", null));
            rows.Add(new(Section, $"Waited until created, {name}", $"{Format.N(spends.Average(s => s.Waited.TotalMinutes), 0)} min avg, {Format.N(spends.Max(s => s.LateBy.TotalMinutes), 0)} min at most after room came", "—", "—", "—", null));
        }

        foreach (var (name, waited) in new[] { ("this deployment's line, an hour", TimeSpan.FromHours(1)), ("this deployment's line, a day", TimeSpan.FromDays(1)) })
        {
            var actions = LineActions(waited);
            rows.Add(new(Section, $"Billable actions per job while waiting, {name} (counted from the workflow's rules)", Format.N(actions, 0), "—", "—", $"≤ {Handful}", actions <= Handful));
            rows.Add(new(Section, $"Provider calls per job while waiting, {name}", "1 (the list read again before the create)", "—", "—", "—", null));
        }

        var note = $"Waiting for capacity: a fine-tune against the simulator whose only slot (MaxActiveJobs 1) another client's job holds for an hour or a day, or whose day's creates (MaxDailyCreates 1) are spent; 8 fine-tunes each (workflow ids ftjob-bench-00…07, so 8 jitters), one at a time in stepped virtual time. Each waits as the workflow does: the real PrepareCreate (once) and CreateJob activities through ActivityEnvironment over loopback HTTP; after a refusal, a timer as long as CapacityPolicy says (5 min doubling to 1 h ×0.8–1.2 for active jobs; to past midnight UTC + up to 15 min for the daily cap), then the same create again, which first looks for a job the refused one made. Actions while waiting = per refused cycle: CreateJob and the timer (2), and once the FineTuneStatus upsert; the prepare and the final create are what every job spends. Calls = requests the simulator counted in the refused cycles. 'At most after room came' = the longest time from the other job's end to our create. This deployment's line (Provider:Limits) is counted from the workflow's rules, not run (it needs a Temporal server): RequestSlot, the upsert, one timer per {FineTuneWorkflow.AskSlotAgainAfter.TotalHours:0} h in line and a second RequestSlot after each, the limiter's Request update and SlotGranted signal, the re-read PrepareCreate, and the Release signal at the end. ({watch.Elapsed.TotalSeconds:N1} s)";
        return (rows, note);
    }

    /// <summary>Actions of a wait in this deployment's line of <paramref name="waited"/>, by the workflow's rules.</summary>
    public static int LineActions(TimeSpan waited)
    {
        var reasks = (int)(waited.Ticks / FineTuneWorkflow.AskSlotAgainAfter.Ticks);
        // RequestSlot + the limiter's update + upsert + first timer; per re-ask, the activity and a new timer;
        // then the grant signal, the re-read PrepareCreate and the Release signal.
        return 1 + 1 + 1 + 1 + (reasks * 2) + 1 + 1 + 1;
    }
}
