using System.Text;
using System.Text.Json;
using FineTuneWorkflows.Starter.Webhooks;
using FineTuneWorkflows.Tests.Simulator;
using FineTuneWorkflows.Tests.Starter;
using StandardWebhooks;

namespace FineTuneWorkflows.Tests.Webhooks;

/// <summary>
/// The simulated provider's webhooks over real HTTP, checked with the starter's verifier: the
/// sender signs with the <c>StandardWebhooks</c> package, so each implementation checks the other.
/// </summary>
public class SimulatorWebhookTests
{
    private const string Secret = WebhookSignatureTests.SecretA;

    /// <summary>The simulator sending to an inbox; both go when disposed.</summary>
    private sealed record Rig(SimulatorSession Session, WebhookInbox Inbox) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Session.DisposeAsync();
            await Inbox.DisposeAsync();
        }

        /// <summary>A job created now and the clock moved past its end.</summary>
        public async Task<FineTuneWorkflows.Wire.FineTuningJob> JobEndsAsync()
        {
            var job = await Session.CreateJobAsync();
            Session.AdvancePastTheEnd();
            return job;
        }
    }

    private static async Task<Rig> StartAsync(Action<FineTuneWorkflows.Simulator.Webhooks.WebhookSending>? faults = null)
    {
        var inbox = await WebhookInbox.StartAsync();
        var session = await SimulatorSession.StartAsync(o =>
        {
            o.Webhooks.Urls = [inbox.Url.ToString()];
            o.Webhooks.Secret = Secret;
            o.Webhooks.Delay = TimeSpan.Zero;
            faults?.Invoke(o.Webhooks);
        });
        session.Host.StartWebhooks();
        return new Rig(session, inbox);
    }

    private static WebhookCheck Verify(ReceivedWebhook hook, DateTimeOffset now) =>
        WebhookSignature.Verify([WebhookSignature.KeyOf(Secret)], hook.Id, hook.Timestamp, hook.Signature, Encoding.UTF8.GetBytes(hook.Body), now, TimeSpan.FromMinutes(5));

    /// <summary>The sender counts a POST once its answer is back, a moment after the inbox has it.</summary>
    private static async Task<FineTuneWorkflows.Simulator.Webhooks.WebhookStats> SettledStatsAsync(SimulatorSession session, int sent)
    {
        for (var i = 0; i < 200 && session.Host.Webhooks.Stats.Sent < sent; i++)
        {
            await Task.Delay(25, TestContext.Current.CancellationToken);
        }

        return session.Host.Webhooks.Stats;
    }

    /// <summary>The package signs the fixed vector (computed with Python) the same: it is a fair second implementation.</summary>
    [Fact]
    public void Package_SignsTheFixedVectorAlike() =>
        Assert.Equal(
            WebhookSignatureTests.SignatureA,
            new StandardWebhook(Secret).Sign(WebhookSignatureTests.Id, DateTimeOffset.FromUnixTimeSeconds(long.Parse(WebhookSignatureTests.Timestamp, System.Globalization.CultureInfo.InvariantCulture)), WebhookSignatureTests.Body));

    [Fact]
    public async Task JobSucceeds_OneSignedEventNamingIt_NothingBefore()
    {
        await using var rig = await StartAsync();
        var (session, inbox) = rig;
        var job = await session.CreateJobAsync();
        session.Clock.Advance(TimeSpan.FromSeconds(5));
        await Task.Delay(1500, TestContext.Current.CancellationToken);
        Assert.Empty(inbox.Received);

        session.AdvancePastTheEnd();
        var hook = Assert.Single(await inbox.WaitForAsync(1));

        Assert.Equal(WebhookCheck.Valid, Verify(hook, session.Clock.GetUtcNow()));
        using var body = JsonDocument.Parse(hook.Body);
        Assert.Equal("fine_tuning.job.succeeded", body.RootElement.GetProperty("type").GetString());
        Assert.Equal("event", body.RootElement.GetProperty("object").GetString());
        Assert.Equal(job.Id, body.RootElement.GetProperty("data").GetProperty("id").GetString());
        Assert.StartsWith("evt_", body.RootElement.GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.Equal(new FineTuneWorkflows.Simulator.Webhooks.WebhookStats(Events: 1, Dropped: 0, Sent: 1, Accepted: 1, Refused: 0, GivenUp: 0, LastAnswer: 200), await SettledStatsAsync(session, sent: 1));
    }

    [Fact]
    public async Task JobCancelled_CancelledEvent()
    {
        await using var rig = await StartAsync();
        var (session, inbox) = rig;
        var job = await session.CreateJobAsync();
        (await session.PostRawAsync($"fine_tuning/jobs/{job.Id}/cancel", "")).Dispose();

        var hook = Assert.Single(await inbox.WaitForAsync(1));

        Assert.Contains("\"type\":\"fine_tuning.job.cancelled\"", hook.Body, StringComparison.Ordinal);
    }

    /// <summary>A 5xx is retried after the first retry delay, with the same id and body and a fresh signature.</summary>
    [Fact]
    public async Task EndpointAnswers503_RetriedWithTheSameId()
    {
        await using var rig = await StartAsync();
        var (session, inbox) = rig;
        inbox.Status = 503;
        await rig.JobEndsAsync();
        await inbox.WaitForAsync(1);
        inbox.Status = 200;

        session.Clock.Advance(TimeSpan.FromSeconds(5));
        var hooks = await inbox.WaitForAsync(2);

        Assert.Equal(2, hooks.Count);
        Assert.Equal(hooks[0].Id, hooks[1].Id);
        Assert.Equal(hooks[0].Body, hooks[1].Body);
        Assert.All(hooks, h => Assert.Equal(WebhookCheck.Valid, Verify(h, session.Clock.GetUtcNow())));
        Assert.Equal(new FineTuneWorkflows.Simulator.Webhooks.WebhookStats(Events: 1, Dropped: 0, Sent: 2, Accepted: 1, Refused: 1, GivenUp: 0, LastAnswer: 200), await SettledStatsAsync(session, sent: 2));
    }

    /// <summary>A delivery delay holds the event back that long after the job's end (the clock is the simulator's).</summary>
    [Fact]
    public async Task DelayFault_SentOnlyOnceTheDelayHasPassed()
    {
        await using var rig = await StartAsync(w => w.Delay = TimeSpan.FromMinutes(3));
        var (session, inbox) = rig;
        await rig.JobEndsAsync();
        await Task.Delay(2500, TestContext.Current.CancellationToken);
        Assert.Empty(inbox.Received);

        session.Clock.Advance(TimeSpan.FromMinutes(3));

        Assert.Single(await inbox.WaitForAsync(1));
    }

    [Fact]
    public async Task DropFault_NothingSent()
    {
        await using var rig = await StartAsync(w => w.DropRate = 1);
        var (session, inbox) = rig;
        await rig.JobEndsAsync();
        await Task.Delay(2500, TestContext.Current.CancellationToken);

        Assert.Empty(inbox.Received);
        Assert.Equal(1, session.Host.Webhooks.Stats.Dropped);
    }

    [Fact]
    public async Task DuplicateFault_SameIdTwice()
    {
        await using var rig = await StartAsync(w => w.DuplicateRate = 1);
        var (session, inbox) = rig;
        await rig.JobEndsAsync();

        var hooks = await inbox.WaitForAsync(2);

        Assert.Equal(2, hooks.Count);
        Assert.Equal(hooks[0].Id, hooks[1].Id);
    }

    [Fact]
    public async Task BadSignatureFault_DoesNotVerify()
    {
        await using var rig = await StartAsync(w => w.BadSignatureRate = 1);
        var (session, inbox) = rig;
        await rig.JobEndsAsync();

        var hook = (await inbox.WaitForAsync(1))[0];

        Assert.Equal(WebhookCheck.NoMatchingSignature, Verify(hook, session.Clock.GetUtcNow()));
    }

    /// <summary>Events due together go newest first: a receiver must not rely on their order.</summary>
    [Fact]
    public async Task OutOfOrderFault_NewestEndFirst()
    {
        await using var rig = await StartAsync(w => w.OutOfOrder = true);
        var (session, inbox) = rig;
        var first = await session.CreateJobAsync();
        session.Clock.Advance(TimeSpan.FromSeconds(1));
        var second = await session.CreateJobAsync();
        session.AdvancePastTheEnd();

        var hooks = await inbox.WaitForAsync(2);

        Assert.Contains(second.Id, hooks[0].Body, StringComparison.Ordinal);
        Assert.Contains(first.Id, hooks[1].Body, StringComparison.Ordinal);
    }

    /// <summary>
    /// The simulator's event reaches the real starter, whose verifier accepts the package's
    /// signature; with Temporal out of reach the starter answers 503 and the event is sent again:
    /// not dropped. (A signature the starter did not accept would be answered 401.)
    /// </summary>
    [Fact]
    public async Task ToTheStarter_TemporalDown_503AndSentAgain()
    {
        await using var starter = KestrelStarter.With(new Dictionary<string, string?> { ["Webhooks:Sources:openai:Secrets:0"] = Secret });
        await using var session = await SimulatorSession.StartAsync(
            o =>
            {
                o.Webhooks.Urls = [new Uri(starter.Address, "/v1/webhooks/openai").ToString()];
                o.Webhooks.Secret = Secret;
                o.Webhooks.Delay = TimeSpan.Zero;
            },
            new ManualClock(DateTimeOffset.UtcNow));
        session.Host.StartWebhooks();
        await session.CreateJobAsync();
        session.AdvancePastTheEnd();
        await SettledStatsAsync(session, sent: 1);
        session.Clock.Advance(TimeSpan.FromSeconds(5));

        var stats = await SettledStatsAsync(session, sent: 2);

        Assert.Equal(new FineTuneWorkflows.Simulator.Webhooks.WebhookStats(Events: 1, Dropped: 0, Sent: 2, Accepted: 0, Refused: 2, GivenUp: 0, LastAnswer: 503), stats);
    }

    [Fact]
    public async Task NoSecret_NothingSent()
    {
        await using var rig = await StartAsync(w => w.Secret = null);
        var (session, inbox) = rig;
        await rig.JobEndsAsync();
        await Task.Delay(2500, TestContext.Current.CancellationToken);

        Assert.Empty(inbox.Received);
        Assert.Equal(0, session.Host.Webhooks.Stats.Events);
    }
}
