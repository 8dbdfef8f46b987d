using System.Text;
using System.Text.Json;
using FineTuneWorkflows.Simulator.Jobs;
using FineTuneWorkflows.Wire;
using StandardWebhooks;

namespace FineTuneWorkflows.Simulator.Webhooks;

/// <summary>
/// Sends the signed webhooks a provider sends when a fine-tuning job ends
/// (<c>fine_tuning.job.succeeded|failed|cancelled</c>, nothing for the statuses before), signed by
/// the <c>StandardWebhooks</c> package — not by the starter's verifier, so each checks the other.
/// Sleeps on the simulator's clock until the next job end or retry is due, so it costs nothing
/// while nothing ends; retries a delivery that got no 2xx, and applies the configured faults.
/// </summary>
/// <param name="stamps">The clock of <c>webhook-timestamp</c>: the receiver checks it against its own,
/// so a standalone simulator whose time runs fast stamps with the wall clock.</param>
public sealed class WebhookSender(SimulatorState state, HttpClient http, TimeProvider stamps)
{
    private readonly Lock gate = new();
    private readonly HashSet<string> announced = new(StringComparer.Ordinal);
    private readonly List<WebhookDelivery> queue = [];
    private Random? random;
    private int events, dropped, sent, accepted, refused, givenUp, lastAnswer;

    private WebhookSending Settings => state.Options.Webhooks;

    public WebhookStats Stats
    {
        get
        {
            lock (gate)
            {
                return new(events, dropped, sent, accepted, refused, givenUp, lastAnswer);
            }
        }
    }

    /// <summary>
    /// Sends until <paramref name="stop"/>, or, with <paramref name="untilQuiet"/>, until every
    /// job has ended and every delivery is done (a benchmark's end).
    /// </summary>
    public async Task RunAsync(CancellationToken stop, bool untilQuiet = false)
    {
        while (!stop.IsCancellationRequested)
        {
            var now = state.Clock.GetUtcNow();
            Plan(now);
            foreach (var delivery in TakeDue(now))
            {
                await SendAsync(delivery, stop);
            }

            var next = Earlier(NextDue(), NextEnd());
            if (next is null && untilQuiet)
            {
                return;
            }

            var wait = next is { } due ? due - state.Clock.GetUtcNow() : Recheck;
            if (!untilQuiet && wait > Recheck)
            {
                // A job created or cancelled meanwhile may end sooner.
                wait = Recheck;
            }

            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, state.Clock, stop).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Queues an event for every job that has ended and was not announced yet.</summary>
    private void Plan(DateTimeOffset now)
    {
        var settings = Settings;
        if (!settings.Enabled)
        {
            return;
        }

        foreach (var job in state.JobsNewestFirst())
        {
            var moment = job.Timeline.At(now);
            if (!JobStatus.IsTerminal(moment.Status))
            {
                continue;
            }

            lock (gate)
            {
                if (!announced.Add(job.Id))
                {
                    continue;
                }

                random ??= new Random(settings.Seed);
                var endedAt = job.Timeline.EffectiveCancel ?? job.Timeline.ScriptedEnd;
                var body = Body(job, moment.Status, endedAt);
                foreach (var url in settings.Urls)
                {
                    events++;
                    if (random.NextDouble() < settings.DropRate)
                    {
                        dropped++;
                        continue;
                    }

                    var delivery = new WebhookDelivery($"msg_{job.Suffix}", url, body, endedAt + settings.Delay, 1, random.NextDouble() < settings.BadSignatureRate);
                    queue.Add(delivery);
                    if (random.NextDouble() < settings.DuplicateRate)
                    {
                        queue.Add(delivery with { Due = delivery.Due + TimeSpan.FromMilliseconds(500) });
                    }
                }
            }
        }
    }

    /// <summary>How often a running simulator looks for jobs that ended (or were cancelled) since it last looked.</summary>
    private static readonly TimeSpan Recheck = TimeSpan.FromSeconds(1);

    private static DateTimeOffset? Earlier(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a < b ? a : b;

    /// <summary>When the next job not yet announced ends, as its timeline stands.</summary>
    private DateTimeOffset? NextEnd()
    {
        if (!Settings.Enabled)
        {
            return null;
        }

        var ends = state.JobsNewestFirst().Where(j => !Announced(j.Id)).Select(j => j.Timeline.EffectiveCancel ?? j.Timeline.ScriptedEnd).ToList();
        return ends.Count == 0 ? null : ends.Min();
    }

    private bool Announced(string jobId)
    {
        lock (gate)
        {
            return announced.Contains(jobId);
        }
    }

    private List<WebhookDelivery> TakeDue(DateTimeOffset now)
    {
        lock (gate)
        {
            var due = queue.Where(d => d.Due <= now).OrderBy(d => d.Due).ThenBy(d => d.WebhookId, StringComparer.Ordinal).ToList();
            queue.RemoveAll(d => d.Due <= now);
            if (Settings.OutOfOrder)
            {
                due.Reverse();
            }

            return due;
        }
    }

    private DateTimeOffset? NextDue()
    {
        lock (gate)
        {
            return queue.Count == 0 ? null : queue.Min(d => d.Due);
        }
    }

    private async Task SendAsync(WebhookDelivery delivery, CancellationToken stop)
    {
        var settings = Settings;
        var now = state.Clock.GetUtcNow();
        var stamp = stamps.GetUtcNow();
        using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Url) { Content = new StringContent(delivery.Body, Encoding.UTF8, "application/json") };
        var signer = new StandardWebhook(delivery.BadSignature ? WrongSecret : settings.Secret!);
        request.Headers.Add("webhook-id", delivery.WebhookId);
        request.Headers.Add("webhook-timestamp", stamp.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", signer.Sign(delivery.WebhookId, stamp, delivery.Body));
        bool ok;
        var answer = 0;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stop);
            timeout.CancelAfter(settings.Timeout);
            using var response = await http.SendAsync(request, timeout.Token).ConfigureAwait(false);
            ok = response.IsSuccessStatusCode;
            answer = (int)response.StatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !stop.IsCancellationRequested)
        {
            ok = false;
        }

        lock (gate)
        {
            sent++;
            lastAnswer = answer;
            if (ok)
            {
                accepted++;
                return;
            }

            refused++;
            if (delivery.Attempt > settings.RetryDelays.Count)
            {
                givenUp++;
                return;
            }

            // A provider retries with the same id and body; the signature is made afresh each time.
            queue.Add(delivery with { Due = now + settings.RetryDelays[delivery.Attempt - 1], Attempt = delivery.Attempt + 1 });
        }
    }

    private static string Body(SimulatedJob job, string status, DateTimeOffset endedAt) => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["id"] = $"evt_{job.Suffix}",
        ["object"] = "event",
        ["type"] = $"fine_tuning.job.{status}",
        ["created_at"] = endedAt.ToUnixTimeSeconds(),
        ["data"] = new Dictionary<string, string> { ["id"] = job.Id },
    });

    /// <summary>A well-formed key that no receiver holds.</summary>
    private const string WrongSecret = "whsec_d3Jvbmctc2VjcmV0LWtleS0wMTIzNDU2Nzg5YWI=";
}
