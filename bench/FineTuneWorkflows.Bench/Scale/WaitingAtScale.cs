using System.Diagnostics;
using FineTuneWorkflows.Activities.Polling;
using FineTuneWorkflows.Activities.Provider;
using FineTuneWorkflows.Bench.Client;
using FineTuneWorkflows.Bench.Report;
using FineTuneWorkflows.Wire;
using Microsoft.Extensions.Options;
using Temporalio.Exceptions;
using Temporalio.Testing;

namespace FineTuneWorkflows.Bench.Scale;

/// <summary>
/// Figure 7: the worker-side cost of 10,000 jobs waiting at once, as far as it can be measured
/// without a Temporal server: the activities driven directly (through <see cref="ActivityEnvironment"/>)
/// against the simulator in its own process, its jobs validating for a day. Ours: a round of one
/// <c>CheckJob</c> per job, at most <see cref="Slots"/> at once, as a worker's slots would run them;
/// between rounds nothing of a job lives in the worker. The heartbeating wait: one live
/// <c>WaitForStatusChange</c> per job, each holding its slot, for a minute.
/// </summary>
public static class WaitingAtScale
{
    public const string Section = "7. Scale";
    public const int Jobs = 10_000;

    /// <summary>Checks in flight at once in a round: a worker's activity slots.</summary>
    public const int Slots = 100;

    private static readonly TimeSpan HeldFor = TimeSpan.FromMinutes(1);

    public static async Task<(IReadOnlyList<Row> Rows, string Note)> RunAsync(TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(log);
        await using var simulator = await SimulatorProcess.StartAsync(longJobs: true);
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = Slots };
        using var http = new HttpClient(handler);
        var client = new FineTuningClient(http, Options.Create(new ProviderOptions { Kind = ProviderKind.OpenAI, BaseUrl = simulator.BaseUrl, ApiKey = SimulatorProcess.ApiKey }), TimeProvider.System);
        var activities = new PollingActivities(client, TimeProvider.System);

        log.WriteLine($"  creating {Jobs:N0} jobs...");
        var ids = new string[Jobs];
        await Parallel.ForEachAsync(Enumerable.Range(0, Jobs), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, token) =>
            ids[i] = (await client.CreateJobAsync(new() { Model = "gpt-4o-mini", TrainingFile = "file-train" }, token)).Id);

        // Ours: rounds of checks, each job's "still validating" answered as an unchanged failure.
        var since = DateTimeOffset.UtcNow;
        var heapBefore = Heap();
        var rounds = new List<Round>();
        for (var r = 0; r < 4; r++)
        {
            rounds.Add(await CheckRoundAsync(activities, ids, since));
            log.WriteLine($"  round {r + 1} of {Jobs:N0} checks: {rounds[^1].Wall.TotalSeconds:N1} s, {rounds[^1].Cpu.TotalSeconds:N1} s CPU");
        }

        var round = rounds.Skip(1).OrderBy(x => x.Cpu).ElementAt(1); // the median of the three after a warm-up
        var heap = Heap();

        // The heartbeating wait: every job's activity alive at once, sleeping between polls and heartbeating.
        log.WriteLine($"  {Jobs:N0} heartbeating waits for {HeldFor.TotalSeconds:N0} s...");
        var held = await HoldWaitsAsync(activities, ids);

        var callMs = round.MeanCall.TotalMilliseconds;
        double SlotsFor(TimeSpan every) => Jobs / every.TotalSeconds * round.MeanCall.TotalSeconds;
        var rows = new List<Row>
        {
            new(Section, $"Worker CPU per check, {Jobs:N0} jobs (ours; baseline column: per heartbeating wait and minute)",
                $"{Format.N(round.Cpu.TotalMilliseconds * 1000 / Jobs, 0)} µs", $"{Format.N(held.Cpu.TotalMilliseconds * 1000 / Jobs / HeldFor.TotalMinutes, 0)} µs", "—", "—", null),
            new(Section, $"Worker CPU per minute for {Jobs:N0} waiting jobs, checked every 30 s / 10 min (ours; baseline column: the heartbeating wait)",
                $"{Format.Duration(round.Cpu * 2)} / {Format.Duration(round.Cpu / 10)}", Format.Duration(held.Cpu / HeldFor.TotalMinutes), "—", "—", null),
            new(Section, $"Worker memory held by {Jobs:N0} waiting jobs (managed heap after a full GC; baseline column: the heartbeating wait)",
                Format.Bytes(Math.Max(0, heap - heapBefore)), Format.Bytes(held.HeapHeld), "—", "—", null),
            new(Section, $"Activity slots needed by {Jobs:N0} waiting jobs, checked every 30 s / 10 min (ours, by Little's law; baseline column: the heartbeating wait)",
                $"{Format.N(SlotsFor(TimeSpan.FromSeconds(30)), 1)} / {Format.N(SlotsFor(TimeSpan.FromMinutes(10)), 2)}", Format.N(Jobs), "—", "—", null),
        };
        var note = $"Scale: the simulator in its own process with {Jobs:N0} jobs validating for a day; the activities driven directly through ActivityEnvironment (no Temporal server can run here, so the SDK's own per-slot and per-heartbeat costs are not in these figures). Ours: rounds of {Jobs:N0} CheckJob attempts, {Slots} at once; a round took {Format.Duration(round.Wall)} wall and {Format.Duration(round.Cpu)} process CPU (median of three after a warm-up; the simulator's CPU is its own process's), mean check {Format.N(callMs, 2)} ms, {Format.Bytes(round.Allocated / (double)Jobs)} allocated per check; between rounds no job holds anything in the worker, so memory is the heap's growth across the rounds. Slots needed = checks per second × mean check time (30 s: the policy's first-hour cap; 10 min: its overall cap). The heartbeating wait: {Jobs:N0} WaitForStatusChange activities alive at once for {HeldFor.TotalSeconds:N0} s (policy: one poll, then heartbeats every 10 s), {Format.Duration(held.Cpu)} process CPU in that minute, heap held {Format.Bytes(held.HeapHeld)} (after a full GC with all alive, less before); each holds one activity slot, so {Jobs:N0} slots (today's MaxConcurrentActivities is 200 per worker: 50 workers).";
        return (rows, note);
    }

    private sealed record Round(TimeSpan Wall, TimeSpan Cpu, TimeSpan MeanCall, long Allocated);

    private sealed record Held(TimeSpan Cpu, long HeapHeld);

    private static async Task<Round> CheckRoundAsync(PollingActivities activities, string[] ids, DateTimeOffset since)
    {
        var callTicks = 0L;
        var unexpected = 0;
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = Slots }, async (id, _) =>
        {
            var environment = new ActivityEnvironment { Heartbeater = _ => { } };
            var call = Stopwatch.StartNew();
            try
            {
                await environment.RunAsync(() => activities.CheckJobAsync(new CheckJobInput(id, JobStatus.ValidatingFiles, since)));
                Interlocked.Increment(ref unexpected);
            }
            catch (ApplicationFailureException e) when (e.ErrorType == PollingActivities.StatusUnchanged)
            {
                // The job is still validating: the attempt ends, to be retried after its delay.
            }

            Interlocked.Add(ref callTicks, call.Elapsed.Ticks);
        });
        var elapsed = wall.Elapsed;
        var used = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        if (unexpected > 0)
        {
            throw new InvalidOperationException($"{unexpected} checks saw a change; the jobs were to stay validating");
        }

        return new Round(elapsed, used, TimeSpan.FromTicks(callTicks / ids.Length), GC.GetTotalAllocatedBytes(precise: true) - allocated);
    }

    private static async Task<Held> HoldWaitsAsync(PollingActivities activities, string[] ids)
    {
        var policy = new PollPolicy { MinInterval = TimeSpan.FromMinutes(10), QuickMaxInterval = TimeSpan.FromMinutes(10), MaxInterval = TimeSpan.FromMinutes(10) };
        var before = Heap();
        var environments = ids.Select(_ => new ActivityEnvironment { Heartbeater = _ => { } }).ToList();
        var waits = ids.Select((id, i) => Task.Run(() => environments[i].RunAsync(() => activities.WaitForStatusChangeAsync(new WaitForStatusChangeInput(id, JobStatus.ValidatingFiles, policy))))).ToList();
        await Task.Delay(TimeSpan.FromSeconds(5)); // every wait has made its first poll and sleeps
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        await Task.Delay(HeldFor);
        var used = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        var held = Heap() - before;
        foreach (var environment in environments)
        {
            environment.Cancel();
        }

        foreach (var wait in waits)
        {
            try
            {
                await wait;
            }
            catch (OperationCanceledException)
            {
                // Cancelled as planned.
            }
        }

        return new Held(used, held);
    }

    private static long Heap()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
