using FineTuneWorkflows.Activities;
using FineTuneWorkflows.Activities.Polling;
using FineTuneWorkflows.Activities.Provider;
using FineTuneWorkflows.Activities.Results;
using FineTuneWorkflows.Bench.Baseline;
using FineTuneWorkflows.Bench.Replay;
using FineTuneWorkflows.Bench.Timing;
using FineTuneWorkflows.Simulator;
using Microsoft.Extensions.Options;
using Temporalio.Testing;

namespace FineTuneWorkflows.Bench.Polling;

/// <summary>A kind of job: its length, and the ranges its validating and queued phases are drawn from (running takes the rest).</summary>
public sealed record JobClass(string Name, TimeSpan Length, TimeSpan ValidatingMin, TimeSpan ValidatingMax, TimeSpan QueuedMin, TimeSpan QueuedMax, int Jobs);

/// <summary>A status change as one design saw it.</summary>
/// <param name="ChangedAt">The job's age when the provider changed status.</param>
/// <param name="Latency">Virtual time from the change until the activity returned it.</param>
public sealed record Detection(string Status, TimeSpan ChangedAt, TimeSpan Latency);

/// <param name="Calls">Requests the simulator counted naming this job (our create names none).</param>
public sealed record DesignRun(string JobId, long Calls, IReadOnlyList<Detection> Detections, Observations Observed);

/// <summary>One timeline, run once per design, each on its own job with the same phases.</summary>
public sealed record JobPair(JobClass Class, int Index, PhaseDurations Phases, DesignRun Ours, DesignRun Baseline);

/// <summary>
/// Runs every job of every class at once on the simulator, in stepped virtual time: for ours, the
/// real <see cref="FineTuningActivities.WaitForStatusChangeAsync"/> with the default
/// <see cref="PollPolicy"/>, called again after each change as the workflow does; for the baseline,
/// the real <see cref="BaselineActivities.PollJobAsync"/> with a 10-second (virtual) sleep between calls.
/// Both run through <see cref="ActivityEnvironment"/> against the simulator over loopback HTTP.
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
        var activities = new FineTuningActivities(client, new LocalFolderArtifactStore(Options.Create(new ArtifactOptions { Folder = folder })), clock);
        var baseline = new BaselineActivities(client);

        var random = new Random(seed);
        var pending = new List<(JobClass Class, int Index, PhaseDurations Phases, FineTuningJob Ours, FineTuningJob Baseline)>();
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
                var ours = await client.CreateJobAsync(new() { Model = "gpt-4o-mini", TrainingFile = "file-train" });
                var theirs = await client.CreateJobAsync(new() { Model = "gpt-4o-mini", TrainingFile = "file-train" });
                pending.Add((jobClass, i, phases, ours, theirs));
            }
        }

        var oursSeen = new Dictionary<string, List<(string, TimeSpan)>>();
        var baselineSeen = new Dictionary<string, List<(string, TimeSpan)>>();
        var actors = new List<Func<Task>>();
        foreach (var p in pending)
        {
            var ours = oursSeen[p.Ours.Id] = [];
            var theirs = baselineSeen[p.Baseline.Id] = [];
            actors.Add(() => WaitLikeOursAsync(activities, clock, p.Ours, ours));
            actors.Add(() => PollLikeBaselineAsync(baseline, clock, p.Baseline, theirs));
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
            Summarize(simulator.State, p.Ours.Id, oursSeen[p.Ours.Id]),
            Summarize(simulator.State, p.Baseline.Id, baselineSeen[p.Baseline.Id])))];
    }

    /// <summary>What the fine-tune workflow does between status changes: one wait activity per change.</summary>
    private static async Task WaitLikeOursAsync(FineTuningActivities activities, TimeProvider clock, FineTuningJob job, List<(string, TimeSpan)> seen)
    {
        var known = job.Status!;
        var created = DateTimeOffset.FromUnixTimeSeconds(job.CreatedAt!.Value);
        while (!JobStatus.IsTerminal(known))
        {
            var status = known;
            var output = await Environment().RunAsync(() => activities.WaitForStatusChangeAsync(new WaitForStatusChangeInput(job.Id, status)));
            known = output.Job.Status!;
            seen.Add((known, clock.GetUtcNow() - created));
        }
    }

    /// <summary>The baseline loop: one short poll, then 10 seconds, until the job ends.</summary>
    private static async Task PollLikeBaselineAsync(BaselineActivities baseline, TimeProvider clock, FineTuningJob job, List<(string, TimeSpan)> seen)
    {
        var created = DateTimeOffset.FromUnixTimeSeconds(job.CreatedAt!.Value);
        while (true)
        {
            var polled = await Environment().RunAsync(() => baseline.PollJobAsync(new PollJobInput(job.Id)));
            seen.Add((polled.Status!, clock.GetUtcNow() - created));
            if (JobStatus.IsTerminal(polled.Status!))
            {
                return;
            }

            await Task.Delay(PollingLoopBaselineWorkflow.PollEvery, clock);
        }
    }

    private static ActivityEnvironment Environment() => new() { Heartbeater = _ => { } };

    /// <summary>Each change the design saw, against the moment the simulator's timeline made it.</summary>
    private static DesignRun Summarize(SimulatorState state, string jobId, List<(string Status, TimeSpan Age)> seen)
    {
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

        return new DesignRun(jobId, state.CallsFor(jobId), detections, new Observations(seen));
    }

    private static TimeSpan Draw(Random random, TimeSpan min, TimeSpan max) =>
        TimeSpan.FromMilliseconds(Math.Round(min.TotalMilliseconds + (random.NextDouble() * (max - min).TotalMilliseconds)));
}
