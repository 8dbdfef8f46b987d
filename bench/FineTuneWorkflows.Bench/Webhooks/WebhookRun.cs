using System.Collections.Concurrent;
using System.Text.Json;
using FineTuneWorkflows.Activities.Polling;
using FineTuneWorkflows.Activities.Provider;
using FineTuneWorkflows.Bench.Polling;
using FineTuneWorkflows.Bench.Timing;
using FineTuneWorkflows.Simulator;
using FineTuneWorkflows.Simulator.Hosting;
using FineTuneWorkflows.Simulator.Webhooks;
using FineTuneWorkflows.Starter.Webhooks;
using FineTuneWorkflows.Wire;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Temporalio.Exceptions;
using Temporalio.Testing;

namespace FineTuneWorkflows.Bench.Webhooks;

/// <summary>One job's wait with webhooks, as it ran.</summary>
/// <param name="EndLatency">Virtual time from the job's end at the provider to the check that saw it.</param>
/// <param name="Webhooks">Verified webhooks that reached the receiver for this job (duplicates included).</param>
/// <param name="Attempts">Check attempts (each a billable action).</param>
/// <param name="StatusChanges">Statuses seen after the first (one search-attribute upsert each).</param>
/// <param name="Calls">Requests the simulator counted naming the job.</param>
public sealed record WebhookJob(JobClass Class, TimeSpan EndLatency, int Webhooks, int Attempts, int StatusChanges, long Calls);

/// <summary>
/// Every job of every class at once on the simulator, in stepped virtual time, waiting as the
/// workflow does with webhooks configured: <c>CheckJob</c> with <see cref="PollPolicy.WebhookSafetyNet"/>,
/// Temporal's retry emulated, each wait between attempts cut short when a webhook for the job
/// arrives. The simulator's own <see cref="WebhookSender"/> (an actor on the same clock) signs
/// and POSTs each event over loopback HTTP to a receiver that checks it with the starter's
/// <see cref="WebhookSignature"/>. The hops through Temporal (delivery workflow, signal) are not
/// run: no server here; they take milliseconds of real time, not virtual.
/// </summary>
public static class WebhookRun
{
    private const string Secret = "whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    public static async Task<IReadOnlyList<WebhookJob>> RunAsync(IReadOnlyList<JobClass> classes, int seed, double dropRate, TimeSpan delivery)
    {
        ArgumentNullException.ThrowIfNull(classes);
        using var clock = new SteppedClock(PollingRun.Origin);
        // No estimated_finish: the simulator's would be exact, and a check right after it would see
        // every end within a second whether or not a webhook came. Real estimates are rough or absent.
        await using var simulator = await SimulatorHost.StartAsync(new SimulatorOptions { EstimatedFinish = false }, clock);
        var wakes = new ConcurrentDictionary<string, Waker>(StringComparer.Ordinal);
        await using var receiver = await StartReceiverAsync(clock, wakes);
        simulator.Options.Webhooks = new WebhookSending
        {
            Urls = [receiver.Urls.First().TrimEnd('/') + "/webhooks"],
            Secret = Secret,
            Delay = delivery,
            DropRate = dropRate,
            Seed = seed,
        };
        using var http = new HttpClient();
        var client = new FineTuningClient(
            http,
            Options.Create(new ProviderOptions { Kind = ProviderKind.OpenAI, BaseUrl = simulator.BaseUrl, ApiKey = "sk-bench-0123456789" }),
            TimeProvider.System);
        var activities = new PollingActivities(client, clock);

        var random = new Random(seed);
        var jobs = new List<(JobClass Class, FineTuningJob Job, Waker Waker)>();
        foreach (var jobClass in classes)
        {
            for (var i = 0; i < jobClass.Jobs; i++)
            {
                var validating = Draw(random, jobClass.ValidatingMin, jobClass.ValidatingMax);
                var queued = Draw(random, jobClass.QueuedMin, jobClass.QueuedMax);
                simulator.Options.ValidatingFiles = validating;
                simulator.Options.Queued = queued;
                simulator.Options.Running = jobClass.Length - validating - queued + Draw(random, TimeSpan.Zero, TimeSpan.FromSeconds(10));
                var job = await client.CreateJobAsync(new() { Model = "gpt-4o-mini", TrainingFile = "file-train" });
                var waker = wakes[job.Id] = new Waker();
                jobs.Add((jobClass, job, waker));
            }
        }

        var results = new ConcurrentDictionary<string, (TimeSpan SeenAt, int Attempts, int Changes)>();
        var actors = jobs.Select<(JobClass Class, FineTuningJob Job, Waker Waker), Func<Task>>(j => async () => results[j.Job.Id] = await WaitAsync(activities, clock, j.Job, j.Waker)).ToList();
        actors.Add(() => simulator.Webhooks.RunAsync(CancellationToken.None, untilQuiet: true));
        await clock.RunAsync(actors, stallLimit: TimeSpan.FromSeconds(60));

        return [.. jobs.Select(j =>
        {
            var timeline = simulator.State.FindJob(j.Job.Id)!.Timeline;
            var (seenAt, attempts, changes) = results[j.Job.Id];
            return new WebhookJob(j.Class, seenAt - (timeline.ScriptedEnd - timeline.CreatedAt), j.Waker.Received, attempts, changes, simulator.State.CallsFor(j.Job.Id));
        })];
    }

    /// <summary>Cuts a job's wait short: what the <c>JobWebhook</c> signal does to the pending check.</summary>
    private sealed class Waker
    {
        private readonly Lock gate = new();
        private CancellationTokenSource? sleeping;
        private bool pending;

        public int Received { get; private set; }

        /// <summary>A verified event came: the sleeping wait ends now (its timer is disarmed before the receiver answers), or the next one does not start.</summary>
        public void Wake()
        {
            lock (gate)
            {
                Received++;
                if (sleeping is { } s)
                {
                    s.Cancel();
                }
                else
                {
                    pending = true;
                }
            }
        }

        /// <summary>Sleeps <paramref name="delay"/> on the clock unless woken; true when woken.</summary>
        public async Task<bool> SleepAsync(TimeSpan delay, TimeProvider clock)
        {
            using var cancel = new CancellationTokenSource();
            lock (gate)
            {
                if (pending)
                {
                    pending = false;
                    return true;
                }

                sleeping = cancel;
            }

            try
            {
                await Task.Delay(delay, clock, cancel.Token);
                return false;
            }
            catch (OperationCanceledException)
            {
                return true;
            }
            finally
            {
                lock (gate)
                {
                    sleeping = null;
                }
            }
        }
    }

    private static async Task<(TimeSpan SeenAt, int Attempts, int Changes)> WaitAsync(PollingActivities activities, TimeProvider clock, FineTuningJob job, Waker waker)
    {
        var known = job.Status!;
        var created = DateTimeOffset.FromUnixTimeSeconds(job.CreatedAt!.Value);
        var attempts = 0;
        var changes = 0;
        while (!JobStatus.IsTerminal(known))
        {
            var status = known;
            var since = clock.GetUtcNow();
            for (var attempt = 1; ; attempt++)
            {
                var environment = new ActivityEnvironment { Info = ActivityEnvironment.DefaultInfo with { Attempt = attempt }, Heartbeater = _ => { } };
                var delay = TimeSpan.Zero;
                CheckJobOutput? output;
                try
                {
                    output = await environment.RunAsync(() => activities.CheckJobAsync(new CheckJobInput(job.Id, status, since, PollPolicy.WebhookSafetyNet)));
                }
                catch (ApplicationFailureException e) when (e.ErrorType == PollingActivities.StatusUnchanged)
                {
                    delay = e.NextRetryDelay ?? throw new InvalidOperationException("an unchanged check names no delay", e);
                    output = null;
                }

                attempts++;
                if (output is not null)
                {
                    known = output.Job.Status!;
                    changes++;
                    break;
                }

                if (await waker.SleepAsync(delay, clock))
                {
                    // The workflow cancels the pending check and starts a new one: attempt 1 again.
                    attempt = 0;
                }
            }
        }

        return (clock.GetUtcNow() - created, attempts, changes);
    }

    private static async Task<WebApplication> StartReceiverAsync(TimeProvider clock, ConcurrentDictionary<string, Waker> wakes)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        var keys = new[] { WebhookSignature.KeyOf(Secret) };
        app.MapPost("/webhooks", async (HttpRequest request) =>
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer);
            var body = buffer.ToArray();
            var check = WebhookSignature.Verify(
                keys, request.Headers["webhook-id"], request.Headers["webhook-timestamp"], request.Headers["webhook-signature"], body, clock.GetUtcNow(), TimeSpan.FromMinutes(5));
            if (check != WebhookCheck.Valid)
            {
                return Results.StatusCode(StatusCodes.Status401Unauthorized);
            }

            using var json = JsonDocument.Parse(body);
            var jobId = json.RootElement.GetProperty("data").GetProperty("id").GetString()!;
            if (wakes.TryGetValue(jobId, out var waker))
            {
                waker.Wake();
            }

            return Results.Ok();
        });
        await app.StartAsync();
        return app;
    }

    private static TimeSpan Draw(Random random, TimeSpan min, TimeSpan max) =>
        TimeSpan.FromMilliseconds(Math.Round(min.TotalMilliseconds + (random.NextDouble() * (max - min).TotalMilliseconds)));
}
