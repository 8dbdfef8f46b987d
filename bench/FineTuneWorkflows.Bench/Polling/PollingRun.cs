using FineTuneWorkflows.Activities.Polling;
using FineTuneWorkflows.Activities.Provider;
using FineTuneWorkflows.Bench.Baseline;
using FineTuneWorkflows.Bench.Replay;
using FineTuneWorkflows.Bench.Timing;
using FineTuneWorkflows.Simulator;
using FineTuneWorkflows.Simulator.Hosting;
using FineTuneWorkflows.Simulator.Jobs;
using FineTuneWorkflows.Wire;
using Microsoft.Extensions.Options;
using Temporalio.Exceptions;
using Temporalio.Testing;

namespace FineTuneWorkflows.Bench.Polling;

/// <summary>A kind of job: its length, and the ranges its validating and queued phases are drawn from (running takes the rest).</summary>
public sealed record JobClass(string Name, TimeSpan Length, TimeSpan ValidatingMin, TimeSpan ValidatingMax, TimeSpan QueuedMin, TimeSpan QueuedMax, int Jobs);

/// <summary>A status change as one design saw it.</summary>
/// <param name="ChangedAt">The job's age when the provider changed status.</param>
/// <param name="Latency">Virtual time from the change until the activity returned it.</param>
public sealed record Detection(string Status, TimeSpan ChangedAt, TimeSpan Latency);

/// <param name="Calls">Requests the simulator counted naming this job (our create names none).</param>
/// <param name="Spend">What the wait cost in attempts, heartbeats, timers and slot time.</param>
public sealed record DesignRun(string JobId, long Calls, IReadOnlyList<Detection> Detections, Observations Observed, Spend Spend);

/// <summary>One timeline, run once per design, each on its own job with the same phases.</summary>
/// <param name="Ours">Today's wait: <c>CheckJob</c>, retried by Temporal until the status changes.</param>
/// <param name="Heartbeating">The wait before it: <c>WaitForStatusChange</c>, polling and heartbeating inside one activity per status.</param>
/// <param name="TimerLoop">One poll activity, then a workflow timer as long as the same poll policy says.</param>
/// <param name="Baseline">One poll activity, then a 10-second workflow timer.</param>
public sealed record JobPair(JobClass Class, int Index, PhaseDurations Phases, DesignRun Ours, DesignRun Heartbeating, DesignRun TimerLoop, DesignRun Baseline);

/// <summary>
/// Runs every job of every class at once on the simulator, in stepped virtual time, once per
/// design, each on its own job with the same phases: the real activities
/// (<see cref="PollingActivities.CheckJobAsync"/> with Temporal's retry emulated — the next
/// attempt after the failure's next-retry delay; <see cref="PollingActivities.WaitForStatusChangeAsync"/>
/// called again after each change; <see cref="BaselineActivities.PollJobAsync"/> between timers),
/// each through <see cref="ActivityEnvironment"/> against the simulator over loopback HTTP.
/// </summary>
public static class PollingRun
{
    public static readonly DateTimeOffset Origin = new(2025, 6, 2, 9, 0, 0, TimeSpan.Zero);

    public static async Task<IReadOnlyList<JobPair>> RunAsync(IReadOnlyList<JobClass> classes, int seed)
    {
        ArgumentNullException.ThrowIfNull(classes);
        using var clock = new SteppedClock(Origin);
        await using var simulator = await SimulatorHost.StartAsync(new SimulatorOptions(), clock);
        using var http = new HttpClient();
        var client = new FineTuningClient(
            http,
            Options.Create(new ProviderOptions { Kind = ProviderKind.OpenAI, BaseUrl = simulator.BaseUrl, ApiKey = "sk-bench-0123456789" }),
            TimeProvider.System);
        var folder = Path.Combine(Path.GetTempPath(), $"ftw-bench-{Guid.NewGuid():N}");
        var activities = new PollingActivities(client, clock);
        var baseline = new BaselineActivities(client);

        var random = new Random(seed);
        var pending = new List<(JobClass Class, int Index, PhaseDurations Phases, FineTuningJob[] Jobs)>();
        foreach (var jobClass in classes)
        {
            for (var i = 0; i < jobClass.Jobs; i++)
            {
                var validating = Draw(random, jobClass.ValidatingMin, jobClass.ValidatingMax);
                var queued = Draw(random, jobClass.QueuedMin, jobClass.QueuedMax);
                // Changes fall at any millisecond, and the end is off the baseline's 10-second grid
                // by up to 10 s, so neither design gains from a lucky alignment with its polls.
                var phases = new PhaseDurations(validating, queued, jobClass.Length - validating - queued + Draw(random, TimeSpan.Zero, TimeSpan.FromSeconds(10)));
                simulator.Options.ValidatingFiles = phases.ValidatingFiles;
                simulator.Options.Queued = phases.Queued;
                simulator.Options.Running = phases.Running;
                var jobs = new FineTuningJob[Designs];
                for (var d = 0; d < Designs; d++)
                {
                    jobs[d] = await client.CreateJobAsync(new() { Model = "gpt-4o-mini", TrainingFile = "file-train" });
                }

                pending.Add((jobClass, i, phases, jobs));
            }
        }

        var records = new Dictionary<string, Record>();
        var actors = new List<Func<Task>>();
        foreach (var p in pending)
        {
            var r = p.Jobs.Select(j => records[j.Id] = new Record()).ToArray();
            actors.Add(() => CheckLikeOursAsync(activities, clock, p.Jobs[0], r[0]));
            actors.Add(() => WaitHeartbeatingAsync(activities, clock, p.Jobs[1], r[1]));
            actors.Add(() => PollThenSleepAsync(baseline, clock, p.Jobs[2], r[2], adaptive: true));
            actors.Add(() => PollThenSleepAsync(baseline, clock, p.Jobs[3], r[3], adaptive: false));
        }

        await clock.RunAsync(actors, stallLimit: TimeSpan.FromSeconds(60));
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Nothing was stored: waits write no files.
        }

        return [.. pending.Select(p => new JobPair(
            p.Class,
            p.Index,
            p.Phases,
            Summarize(simulator.State, p.Jobs[0].Id, records[p.Jobs[0].Id]),
            Summarize(simulator.State, p.Jobs[1].Id, records[p.Jobs[1].Id]),
            Summarize(simulator.State, p.Jobs[2].Id, records[p.Jobs[2].Id]),
            Summarize(simulator.State, p.Jobs[3].Id, records[p.Jobs[3].Id])))];
    }

    private const int Designs = 4;

    /// <summary>
    /// The fine-tune workflow's wait: one <c>CheckJob</c> activity per status, whose attempts
    /// Temporal retries after the delay each unchanged check names; between attempts nothing runs.
    /// </summary>
    private static async Task CheckLikeOursAsync(PollingActivities activities, TimeProvider clock, FineTuningJob job, Record record)
    {
        var known = job.Status!;
        var created = DateTimeOffset.FromUnixTimeSeconds(job.CreatedAt!.Value);
        while (!JobStatus.IsTerminal(known))
        {
            var status = known;
            var since = clock.GetUtcNow();
            for (var attempt = 1; ; attempt++)
            {
                var environment = Environment(attempt);
                var delay = TimeSpan.Zero;
                var output = await record.TimeAsync(clock, async () =>
                {
                    try
                    {
                        return await environment.RunAsync(() => activities.CheckJobAsync(new CheckJobInput(job.Id, status, since)));
                    }
                    catch (ApplicationFailureException e) when (e.ErrorType == PollingActivities.StatusUnchanged)
                    {
                        delay = e.NextRetryDelay ?? throw new InvalidOperationException("an unchanged check names no delay", e);
                        return null;
                    }
                });
                record.Attempts++;
                if (output is not null)
                {
                    known = output.Job.Status!;
                    record.Seen.Add((known, clock.GetUtcNow() - created));
                    record.AttemptsPerChange.Add(attempt);
                    break;
                }

                await Task.Delay(delay, clock);
            }
        }
    }

    /// <summary>The wait before: one heartbeating activity per status, polling inside it.</summary>
    private static async Task WaitHeartbeatingAsync(PollingActivities activities, TimeProvider clock, FineTuningJob job, Record record)
    {
        var known = job.Status!;
        var created = DateTimeOffset.FromUnixTimeSeconds(job.CreatedAt!.Value);
        while (!JobStatus.IsTerminal(known))
        {
            var status = known;
            var beats = new List<DateTimeOffset>();
            var environment = new ActivityEnvironment { Heartbeater = _ => beats.Add(clock.GetUtcNow()) };
            var output = await record.TimeAsync<WaitForStatusChangeOutput>(clock, async () => await environment.RunAsync(() => activities.WaitForStatusChangeAsync(new WaitForStatusChangeInput(job.Id, status))));
            record.Attempts++;
            record.Heartbeats += HeartbeatThrottle.Sent(beats, clock.GetUtcNow());
            known = output!.Job.Status!;
            record.Seen.Add((known, clock.GetUtcNow() - created));
        }
    }

    /// <summary>A workflow loop: one short poll, then a timer (10 s, or as long as the poll policy says), until the job ends.</summary>
    private static async Task PollThenSleepAsync(BaselineActivities baseline, TimeProvider clock, FineTuningJob job, Record record, bool adaptive)
    {
        var created = DateTimeOffset.FromUnixTimeSeconds(job.CreatedAt!.Value);
        while (true)
        {
            var polled = await record.TimeAsync<FineTuningJob>(clock, async () => await Environment(1).RunAsync(() => baseline.PollJobAsync(new PollJobInput(job.Id))));
            record.Attempts++;
            var now = clock.GetUtcNow();
            record.Seen.Add((polled!.Status!, now - created));
            if (JobStatus.IsTerminal(polled.Status!))
            {
                return;
            }

            var eta = polled.EstimatedFinish is { } finish ? DateTimeOffset.FromUnixTimeSeconds(finish) : (DateTimeOffset?)null;
            var sleep = adaptive ? PollSchedule.NextInterval(PollPolicy.Default, now - created, now, eta) : PollingLoopBaselineWorkflow.PollEvery;
            record.Timers++;
            record.Sleeps.Add(sleep);
            await Task.Delay(sleep, clock);
        }
    }

    private static ActivityEnvironment Environment(int attempt) =>
        new() { Info = ActivityEnvironment.DefaultInfo with { Attempt = attempt }, Heartbeater = _ => { } };

    /// <summary>What an actor saw and spent on its job.</summary>
    private sealed class Record
    {
        public List<(string Status, TimeSpan Age)> Seen { get; } = [];

        public List<int> AttemptsPerChange { get; } = [];

        public List<TimeSpan> Sleeps { get; } = [];

        public int Attempts { get; set; }

        public int Heartbeats { get; set; }

        public int Timers { get; set; }

        public TimeSpan CallTime { get; private set; }

        public TimeSpan InsideTime { get; private set; }

        /// <summary>Runs one activity, adding the time it held a slot.</summary>
        public async Task<T?> TimeAsync<T>(TimeProvider clock, Func<Task<T?>> activity)
        {
            var started = clock.GetUtcNow();
            var watch = System.Diagnostics.Stopwatch.StartNew();
            try
            {
                return await activity();
            }
            finally
            {
                // A wait that slept holds its slot for that virtual time (its calls add real
                // milliseconds, left out); a single call's slot time is the call's real time, which
                // on this busy machine (every actor shares two cores) is an upper bound.
                var inside = clock.GetUtcNow() - started;
                InsideTime += inside;
                CallTime += inside == TimeSpan.Zero ? watch.Elapsed : TimeSpan.Zero;
            }
        }

        public Spend Spend => new(Attempts, Heartbeats, Timers, CallTime + InsideTime, InsideTime);
    }

    /// <summary>Each change the design saw, against the moment the simulator's timeline made it.</summary>
    private static DesignRun Summarize(SimulatorState state, string jobId, Record record)
    {
        var seen = record.Seen;
        var timeline = state.FindJob(jobId)!.Timeline;
        var detections = new List<Detection>();
        var known = JobStatus.ValidatingFiles;
        foreach (var (status, age) in seen)
        {
            if (status == known)
            {
                continue;
            }

            var entered = status switch
            {
                JobStatus.Queued => timeline.ValidatedAt,
                JobStatus.Running => timeline.StartedAt,
                _ => timeline.ScriptedEnd,
            } - timeline.CreatedAt;
            detections.Add(new Detection(status, entered, age - entered));
            known = status;
        }

        return new DesignRun(jobId, state.CallsFor(jobId), detections, new Observations(seen, record.AttemptsPerChange, record.Sleeps), record.Spend);
    }

    private static TimeSpan Draw(Random random, TimeSpan min, TimeSpan max) =>
        TimeSpan.FromMilliseconds(Math.Round(min.TotalMilliseconds + (random.NextDouble() * (max - min).TotalMilliseconds)));
}
