using FineTuneWorkflows.Activities.Polling;
using FineTuneWorkflows.Bench.Polling;
using FineTuneWorkflows.Bench.Report;

namespace FineTuneWorkflows.Bench.Webhooks;

/// <summary>
/// Figure 8: with provider webhooks, how soon a job's end is seen and what waiting costs, when
/// every webhook arrives and when one in ten is dropped (the safety-net checks then see the end).
/// </summary>
public static class WebhookFigures
{
    public const string Section = "8. Webhooks";

    /// <summary>How long after a job's end the simulator sends its event: OpenAI's take about a second.</summary>
    public static readonly TimeSpan Delivery = TimeSpan.FromSeconds(1);

    /// <summary>A dropped webhook is made up for by the next check: at most the safety net's longest interval.</summary>
    public static readonly TimeSpan SafetyNetBound = PollPolicy.WebhookSafetyNet.MaxInterval;

    /// <summary>Per delivered webhook: the DeliverWebhook workflow's start, its FindWorkflows attempt, and its signal.</summary>
    public const int ActionsPerWebhook = 3;

    public static IReadOnlyList<JobClass> Classes(int jobs) =>
        [.. PollingEconomy.Classes(jobs).Where(c => c.Name != "10-minute").Select(c => c with { Jobs = jobs })];

    public static async Task<(IReadOnlyList<Row> Rows, string Note)> RunAsync(int jobsPerClass, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(log);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var all = await WebhookRun.RunAsync(Classes(jobsPerClass), seed: 20250602, dropRate: 0, Delivery);
        log.WriteLine($"  every webhook delivered: {all.Count} jobs ({watch.Elapsed.TotalSeconds:N1} s)");
        var dropped = await WebhookRun.RunAsync(Classes(jobsPerClass), seed: 20250603, dropRate: 0.1, Delivery);
        log.WriteLine($"  10 % dropped: {dropped.Count} jobs ({watch.Elapsed.TotalSeconds:N1} s)");

        var rows = new List<Row>();
        foreach (var group in all.GroupBy(j => j.Class.Name))
        {
            var name = group.Key;
            var jobs = group.ToList();
            var latencies = jobs.Select(j => j.EndLatency.TotalSeconds).ToList();
            var p95 = Format.Percentile(latencies, 0.95);
            rows.Add(new(Section, $"Job end seen after p50 / p95 / max, {name}, every webhook delivered ({jobs.Count} jobs)",
                $"{Format.Seconds(Format.Percentile(latencies, 0.5))} / {Format.Seconds(p95)} / {Format.Seconds(latencies.Max())}", "—", "—", "p95 ≤ 2 s", p95 <= 2));
            var actions = jobs.Average(Actions);
            var is72 = name == PollingEconomy.SeventyTwoHours;
            rows.Add(new(Section, $"Billable actions per job, {name}, every webhook delivered", Format.N(actions, 1), "—", "—", is72 ? "≤ 100" : "—", is72 ? actions <= 100 : null));
            rows.Add(new(Section, $"Provider calls per job, {name}, every webhook delivered", Format.N(jobs.Average(j => j.Calls), 1), "—", "—", "—", null));
        }

        foreach (var group in dropped.GroupBy(j => j.Class.Name))
        {
            var name = group.Key;
            var jobs = group.ToList();
            var missed = jobs.Where(j => j.Webhooks == 0).ToList();
            var latencies = jobs.Select(j => j.EndLatency.TotalSeconds).ToList();
            rows.Add(new(Section, $"Job end seen after p50 / p95, {name}, 10 % of webhooks dropped ({jobs.Count} jobs)",
                $"{Format.Seconds(Format.Percentile(latencies, 0.5))} / {Format.Seconds(Format.Percentile(latencies, 0.95))}", "—", "—", "—", null));
            if (missed.Count > 0)
            {
                var worst = missed.Max(j => j.EndLatency);
                rows.Add(new(Section, $"Job end seen after, worst of the {missed.Count} whose webhook was dropped, {name}", Format.Seconds(worst.TotalSeconds), "—", "—",
                    $"≤ {SafetyNetBound.TotalMinutes:0} min (safety net)", worst <= SafetyNetBound + Delivery));
            }
            else
            {
                rows.Add(new(Section, $"Job end seen after a dropped webhook, {name}", "none dropped in this run", "—", "—", $"≤ {SafetyNetBound.TotalMinutes:0} min (safety net)", null));
            }

            var actions = jobs.Average(Actions);
            var is72 = name == PollingEconomy.SeventyTwoHours;
            rows.Add(new(Section, $"Billable actions per job, {name}, 10 % of webhooks dropped", Format.N(actions, 1), "—", "—", is72 ? "≤ 100" : "—", is72 ? actions <= 100 : null));
        }

        var note = $"Webhooks: {jobsPerClass} jobs per class (the 1-hour, 10-hour and 72-hour classes of figure 1, phases drawn with fixed seeds), all at once on the simulator in stepped virtual time. Each waits as the workflow does with webhooks configured: CheckJob with PollPolicy.WebhookSafetyNet (a quarter of the job's age; 1–5 min in its first hour, at most {SafetyNetBound.TotalMinutes:0} min), Temporal's retry emulated, the wait between attempts cut short when the job's webhook arrives (then a new check, attempt 1). The simulator's WebhookSender, an actor on the same clock, signs each job-end event with the StandardWebhooks package {Delivery.TotalSeconds:0} s after the end and POSTs it over loopback HTTP to a receiver that verifies it with the starter's WebhookSignature; 'dropped' = the sender's DropRate 0.1 (seeded). Not run here: the starter's DeliverWebhook workflow and the signal (no Temporal server); they add milliseconds of real time, none of virtual. Billable actions = {BillableActions.Common} common (as figure 6) + one upsert per status change + each check attempt + {ActionsPerWebhook} per delivered webhook (DeliverWebhook start, its FindWorkflows attempt, the signal). ({watch.Elapsed.TotalSeconds:N1} s)";
        return (rows, note);
    }

    private static double Actions(WebhookJob job) =>
        BillableActions.Common + job.StatusChanges + job.Attempts + (ActionsPerWebhook * job.Webhooks);
}
