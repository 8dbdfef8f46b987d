using System.Diagnostics;
using FineTuneWorkflows.Bench.Baseline;
using FineTuneWorkflows.Bench.Capacity;
using FineTuneWorkflows.Bench.Client;
using FineTuneWorkflows.Bench.Live;
using FineTuneWorkflows.Bench.Polling;
using FineTuneWorkflows.Bench.Replay;
using FineTuneWorkflows.Bench.Report;
using FineTuneWorkflows.Workflows;

namespace FineTuneWorkflows.Bench;

/// <summary>What one run of the suite found.</summary>
public sealed record SuiteResults(IReadOnlyList<Row> Rows, IReadOnlyList<string> Notes, IReadOnlyList<string> Skipped);

/// <summary>Runs the figures in turn, each against its baseline measured in the same run.</summary>
public static class Suite
{
    public static async Task<SuiteResults> RunAsync(BenchOptions options, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(log);
        var rows = new List<Row>();
        var notes = new List<string>();
        var skipped = new List<string>();
        LongJobHistories? longJob = null;

        if (options.Runs(1) || options.Runs(3) || options.Runs(6))
        {
            log.WriteLine("1. Polling economy: every job of every class at once, in stepped virtual time...");
            var clock = Stopwatch.StartNew();
            var (polling, histories) = await PollingEconomy.RunAsync(options.JobsPerClass, log);
            longJob = histories;
            if (options.Runs(1) || options.Runs(6))
            {
                rows.AddRange(polling);
                notes.Add($"Waiting cost: {Polling.BillableActions.Rules} Worker slot time as in the polling note; slot time between polls = virtual time spent inside activities.");
                notes.Add($"Polling: jobs per class, drawn with a fixed seed — {string.Join("; ", PollingEconomy.Classes(options.JobsPerClass).Select(PollingEconomy.Describe))}. Ours = CheckJob with PollPolicy.Default, Temporal's retry emulated (the next attempt after each unchanged check's next-retry delay), a new CheckJob after each change; the heartbeating wait (before) = WaitForStatusChange, called again after each change; the workflow-timer loop = one PollJob activity, then a timer as long as PollSchedule says; baseline = one PollJob activity, then 10 s. All ran, each on its own job with the same phases, through ActivityEnvironment against the simulator on loopback, in stepped virtual time (the clock stands still during HTTP calls and jumps to the next timer), so latency is the policy's alone; a real deployment adds a workflow task round trip (milliseconds) to each, and to ours the server's retry timer. Slot time: virtual time inside activities that slept (waits), plus the real time of activities that made one call and returned (on this machine, with every actor on two cores, an upper bound). Calls = requests the simulator counted naming the job. Histories: ours written by the tests' JobScript (prepare … results, each check's attempt number on its started event), the loops' by HistoryWriter (create, then per poll: activity scheduled/started/completed, workflow task, timer started/fired, workflow task; continue-as-new at the server's default 4,096 events), each replayed through WorkflowReplayer with the recording interceptors. ({clock.Elapsed.TotalSeconds:N1} s)");
            }
        }

        if (options.Runs(3))
        {
            log.WriteLine("3. Replay cost: the 72-hour job's histories through WorkflowReplayer...");
            rows.AddRange(await ReplayRowsAsync(longJob!, notes));
        }

        if (options.Runs(2) || options.Runs(4))
        {
            await using var simulator = await SimulatorProcess.StartAsync();
            if (options.Runs(2))
            {
                log.WriteLine("2. Client efficiency: BenchmarkDotNet, ours against the OpenAI .NET client 2.15.0...");
                rows.AddRange(await ClientEfficiency.RunAsync(simulator, log));
                notes.Add($"Client: BenchmarkDotNet 0.15.8, Job.ShortRun with 8 iterations (1 launch, 3 warm-ups) and the in-process toolchain and MemoryDiagnoser; the simulator serves from a child process, so allocations are the client's alone; each call was checked to be exactly one HTTP request, returning a succeeded job / a page of {ClientBenchmarks.EventsPage} events parsed into each client's objects; calls per second = 1 / mean time per call, one call at a time. A third benchmark per call, a bare HttpClient GET reading the body as bytes, gives the transport's own share.");
            }

            if (options.Runs(4))
            {
                log.WriteLine("4. Simulator capacity...");
                var capacity = await SimulatorCapacity.MeasureAsync(simulator, concurrency: 32, warmup: TimeSpan.FromSeconds(2), window: TimeSpan.FromSeconds(8));
                rows.Add(new Row("4. Simulator capacity", $"Requests per second served on loopback ({Environment.ProcessorCount} cores)", Format.N(capacity.RequestsPerSecond), "—", "—", "≥ 2,000/s", capacity.RequestsPerSecond >= 2000));
                notes.Add($"Capacity: GET /v1/fine_tuning/jobs/{{id}} from {capacity.Concurrency} concurrent loops in this process against the simulator in its child process, {capacity.Served:N0} requests counted by the simulator in {capacity.Window.TotalSeconds:N1} s after a 2 s warm-up, {capacity.Failed} not 2xx; the load generator shares the cores, so this is a lower bound.");
            }
        }

        if (options.Runs(7))
        {
            log.WriteLine("7. Scale: 10,000 waiting jobs...");
            var (scale, note) = await Scale.WaitingAtScale.RunAsync(log);
            rows.AddRange(scale);
            notes.Add(note);
        }

        if (options.Runs(8))
        {
            log.WriteLine("8. Webhooks: job ends seen through the simulator's signed webhooks, all delivered and 10 % dropped...");
            var (webhooks, note) = await Webhooks.WebhookFigures.RunAsync(jobsPerClass: 40, log);
            rows.AddRange(webhooks);
            notes.Add(note);
        }

        if (options.Runs(9))
        {
            log.WriteLine("9. Waiting for capacity: a fine-tune held by the provider's caps, in stepped virtual time...");
            var (capacity, note) = await CapacityFigures.RunAsync(log);
            rows.AddRange(capacity);
            notes.Add(note);
        }

        if (options.Runs(5))
        {
            log.WriteLine("5. Live-server throughput...");
            var (live, reason) = await LiveThroughput.RunAsync();
            rows.AddRange(live);
            if (reason is not null)
            {
                skipped.Add($"5. Live-server throughput: {reason}.");
            }
        }

        return new SuiteResults([.. rows.OrderBy(r => r.Section, StringComparer.Ordinal)], notes, skipped);
    }

    private static async Task<IReadOnlyList<Row>> ReplayRowsAsync(LongJobHistories job, List<string> notes)
    {
        const string section = "3. Replay cost";
        var ours = Replays.Plain<FineTuneWorkflow>();
        var baseline = Replays.Plain<PollingLoopBaselineWorkflow>();
        var oursRuns = job.Ours.Runs.Select(r => r.History).ToList();
        var oursCost = await ReplayCost.MeasureAsync(ours, oursRuns, warmups: 20, repeats: 101);
        var oneRun = await ReplayCost.MeasureAsync(baseline, [job.Baseline[0]], warmups: 1, repeats: 3);
        var all = await ReplayCost.MeasureAsync(baseline, job.Baseline, warmups: 0, repeats: 1);
        notes.Add($"Replay: process CPU time (all threads) around WorkflowReplayer.ReplayWorkflowAsync, median of {oursCost.Repeats} (ours), {oneRun.Repeats} (one baseline run) and {all.Repeats} (the baseline's {all.Runs} runs, one pass of {all.Wall.TotalSeconds:N0} s); wall time: ours {Format.Duration(oursCost.Wall)}, one baseline run {Format.Duration(oneRun.Wall)}, all baseline runs {Format.Duration(all.Wall)}. A worker restarted mid-job replays only the baseline's current run (at most ~4,100 events); after the job it is all of them. Each replay throws on nondeterminism, so each is also a validity check.");
        return
        [
            new(section, $"Replay CPU time, complete history of a 72-hour job", $"{Format.Duration(oursCost.Cpu)} ({oursCost.Events} events)", $"{Format.Duration(all.Cpu)} ({all.Events:N0} events, {all.Runs} runs)",
                Format.Fewer(oursCost.Cpu.TotalMilliseconds, all.Cpu.TotalMilliseconds, "less", "more"), "—", null),
            new(section, "Replay CPU time after a restart, worst case (baseline: one full run)", $"{Format.Duration(oursCost.Cpu)} ({oursCost.Events} events)", $"{Format.Duration(oneRun.Cpu)} ({oneRun.Events:N0} events)",
                Format.Fewer(oursCost.Cpu.TotalMilliseconds, oneRun.Cpu.TotalMilliseconds, "less", "more"), "—", null),
        ];
    }
}
