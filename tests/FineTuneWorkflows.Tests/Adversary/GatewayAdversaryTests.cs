using FineTuneWorkflows.Activities.Creation;
using FineTuneWorkflows.Activities.Provider;
using FineTuneWorkflows.Tests.Support;
using FineTuneWorkflows.Wire;
using Temporalio.Exceptions;

namespace FineTuneWorkflows.Tests.Adversary;

/// <summary>
/// The create through the real Portkey gateway (npm @portkey-ai/gateway, as PortkeyGatewayTests
/// runs it) in front of the simulator. Each test FAILS on the code it was written against.
/// </summary>
public class GatewayAdversaryTests(PortkeyGateway gateway) : IClassFixture<PortkeyGateway>
{
    private static readonly CreateFineTuningJobRequest Request = new() { Model = "gpt-4o-mini", TrainingFile = "file-train-gw-adv", Suffix = "gw" };

    /// <summary>The heartbeat timeout of these attempts: a 0.8 s margin, so each call is cut after 0.4 s (in production: 2 min and 30 s).</summary>
    private static readonly TimeSpan HeartbeatTimeout = TimeSpan.FromSeconds(4);

    /// <summary>Temporal's first retry delay for the create (ActivityPolicies.Create: InitialInterval 2 s).</summary>
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromSeconds(2);

    private Task<ProviderRig> StartAsync() => gateway.StartRigAsync();

    /// <summary>
    /// MONEY. The provider takes longer to make the job than our bounded call waits (here 3 s
    /// against a 0.4 s bound; in production anything over 30 s, or a gateway's own 504). Our client
    /// gives up and cuts its connection to the gateway, but the gateway does not cut its request
    /// upstream: the provider goes on and makes the job. Temporal retries 2 s later; attempt 2's
    /// search finds nothing yet ("proved absent"), so it sends a second create, which succeeds at
    /// once. The first job appears a moment later, carrying our own seed — two paid jobs for one
    /// workflow, and the workflow follows only the second. The bounded call guarantees our
    /// *client* is done before the next attempt; it says nothing about the request it sent.
    /// </summary>
    [Fact]
    public async Task CreateJob_ProviderSlowerThanTheCallBound_RetryMustNotBuyASecondJob()
    {
        await using var rig = await StartAsync();

        // Long enough for the held create to land: a retry sends no second create before then.
        rig.Options.CreateSettleTime = TimeSpan.FromSeconds(6);
        var key = $"wf-{Guid.NewGuid()}";
        var before = (await new ActivityAttempt().RunAsync(() => rig.Creation.PrepareCreateAsync(new PrepareCreateInput(key, Request, null, null)))).Before;
        var input = new CreateJobInput(key, Request, DateTimeOffset.UtcNow, before);
        rig.State.InjectFault("POST", "/v1/fine_tuning/jobs", "slow=3000", 1);

        var attempt1 = new ActivityAttempt(attempt: 1, heartbeatTimeout: HeartbeatTimeout);
        var cut = await Assert.ThrowsAsync<ApplicationFailureException>(() => attempt1.RunAsync(() => rig.Creation.CreateJobAsync(input)));
        Assert.Equal(ProviderErrorTypes.Timeout, cut.ErrorType);
        Assert.False(cut.NonRetryable);

        // Temporal retries, honouring each delay the attempt asks for, until one returns.
        await Task.Delay(FirstRetryDelay, TestContext.Current.CancellationToken);
        var details = attempt1.LastDetails;
        CreateJobOutput? attempt2 = null;
        for (var attempt = 2; attempt2 is null && attempt < 10; attempt++)
        {
            var run = new ActivityAttempt(attempt, details, HeartbeatTimeout);
            try
            {
                attempt2 = await run.RunAsync(() => rig.Creation.CreateJobAsync(input));
            }
            catch (ApplicationFailureException e) when (!e.NonRetryable)
            {
                details = run.LastDetails ?? details;
                await Task.Delay(e.NextRetryDelay ?? FirstRetryDelay, TestContext.Current.CancellationToken);
            }
        }

        Assert.NotNull(attempt2);

        // Give the first request time to finish upstream.
        await Task.Delay(TimeSpan.FromSeconds(3), TestContext.Current.CancellationToken);
        var ours = rig.State.Jobs.Where(j => j.Seed == JobIdentity.SeedFor(key)).Select(j => j.Id).ToList();
        Assert.True(
            ours.Count == 1,
            $"{ours.Count} paid jobs carry this workflow's seed ({string.Join(", ", ours)}); the workflow follows only {attempt2.Job.Id} (adopted: {attempt2.Adopted})");
    }
}
