using FineTuneWorkflows.Activities.Creation;
using FineTuneWorkflows.Workflows;
using Temporalio.Workflows;

namespace FineTuneWorkflows.Tests.Workflows;

/// <summary>
/// The timeouts and retries the product promises, written out here rather than read from the
/// code: no activity gives up by a deadline or by a failure type while a job may exist, the create
/// and the cancel are never cut short, and the heartbeat deadlines are what the call bounds assume.
/// </summary>
public class ActivityPoliciesTests
{
    private static void RetriesForever(ActivityOptions options, TimeSpan maxInterval)
    {
        var retry = options.RetryPolicy!;
        Assert.Equal(TimeSpan.FromSeconds(2), retry.InitialInterval);
        Assert.Equal(2f, retry.BackoffCoefficient);
        Assert.Equal(maxInterval, retry.MaximumInterval);
        Assert.Equal(0, retry.MaximumAttempts);
        Assert.Empty(retry.NonRetryableErrorTypes ?? []);
        Assert.Null(options.ScheduleToCloseTimeout);
    }

    [Fact]
    public void Prepare_IsShortCancellableAndRetried()
    {
        var options = ActivityPolicies.Prepare;

        Assert.Equal(TimeSpan.FromMinutes(2), options.StartToCloseTimeout);
        Assert.Null(options.HeartbeatTimeout);
        Assert.Null(options.CancellationToken);
        RetriesForever(options, TimeSpan.FromMinutes(1));
    }

    [Fact]
    public void Create_HeartbeatsWithinTwoMinutesIsNeverCancelledAndNeverGivenUp()
    {
        var options = ActivityPolicies.Create;

        Assert.Equal(TimeSpan.FromMinutes(15), options.StartToCloseTimeout);
        Assert.Equal(TimeSpan.FromMinutes(2), options.HeartbeatTimeout);
        Assert.Equal(CancellationToken.None, options.CancellationToken);
        RetriesForever(options, TimeSpan.FromMinutes(1));
    }

    [Fact]
    public void Check_IsOneBoundedCallWithoutHeartbeatRetriedForever()
    {
        var options = ActivityPolicies.Check;

        // Longer than the longest call the client makes (Provider:RequestTimeout, at most 90 s):
        // a slow provider must not time out every check.
        Assert.Equal(TimeSpan.FromMinutes(2), options.StartToCloseTimeout);
        Assert.True(options.StartToCloseTimeout > FineTuneWorkflows.Activities.Provider.ProviderOptions.MaxRequestTimeout);
        Assert.Null(options.HeartbeatTimeout);
        Assert.Null(options.CancellationToken);
        Assert.Null(options.TaskQueue);
        RetriesForever(options, TimeSpan.FromMinutes(1));
    }

    [Fact]
    public void Wait_RunsForDaysOnAHeartbeatAndIsNeverGivenUp()
    {
        var options = ActivityPolicies.Wait;

        Assert.Equal(TimeSpan.FromDays(30), options.StartToCloseTimeout);
        Assert.Equal(TimeSpan.FromMinutes(2), options.HeartbeatTimeout);
        Assert.Null(options.CancellationToken);
        RetriesForever(options, TimeSpan.FromMinutes(5));
    }

    [Fact]
    public void WaitAfterCancel_IsTheWaitThatCannotBeCancelled()
    {
        var options = ActivityPolicies.WaitAfterCancel;

        Assert.Equal(TimeSpan.FromDays(30), options.StartToCloseTimeout);
        Assert.Equal(TimeSpan.FromMinutes(2), options.HeartbeatTimeout);
        Assert.Equal(CancellationToken.None, options.CancellationToken);
        RetriesForever(options, TimeSpan.FromMinutes(5));
    }

    [Fact]
    public void Cancel_IsNeverCancelledAndNeverGivenUp()
    {
        var options = ActivityPolicies.Cancel;

        Assert.Equal(TimeSpan.FromMinutes(5), options.StartToCloseTimeout);
        Assert.Equal(CancellationToken.None, options.CancellationToken);
        RetriesForever(options, TimeSpan.FromMinutes(1));
    }

    [Fact]
    public void RetrieveResults_HeartbeatsWhileDownloadingAndSurvivesACancel()
    {
        var options = ActivityPolicies.RetrieveResults;

        Assert.Equal(TimeSpan.FromHours(2), options.StartToCloseTimeout);
        Assert.Equal(TimeSpan.FromMinutes(2), options.HeartbeatTimeout);
        Assert.Equal(CancellationToken.None, options.CancellationToken);
        RetriesForever(options, TimeSpan.FromMinutes(5));
    }

    [Fact]
    public void EveryPolicy_IsANewObject()
    {
        // Options are handed to the SDK, which may keep them; a shared instance changed by one
        // caller (as WaitAfterCancel changes Wait's) must not change another's.
        Assert.NotSame(ActivityPolicies.Wait, ActivityPolicies.Wait);
        Assert.Null(ActivityPolicies.Wait.CancellationToken);
    }

    [Theory]
    [InlineData(120, 60)]
    [InlineData(4, 0.8)]
    [InlineData(300, 240)]
    [InlineData(75, 15)]
    public void Margin_AfterAHeartbeat_IsTheTimeoutLessWhatTheSdkMayHoldBack(double timeoutSeconds, double marginSeconds) =>
        Assert.Equal(marginSeconds, GuardedCalls.Margin(TimeSpan.FromSeconds(timeoutSeconds)).TotalSeconds, precision: 6);

    [Fact]
    public void CreateCalls_UnderTheCreatesHeartbeatTimeout_AreBoundedToThirtySeconds()
    {
        var client = new FineTuneWorkflows.Activities.Provider.FineTuningClient(
            new HttpClient(),
            Microsoft.Extensions.Options.Options.Create(new FineTuneWorkflows.Activities.Provider.ProviderOptions { Kind = FineTuneWorkflows.Activities.Provider.ProviderKind.OpenAI, ApiKey = "k" }),
            TimeProvider.System);

        Assert.Equal(TimeSpan.FromSeconds(30), new GuardedCalls(client, TimeSpan.FromMinutes(2)).CallLimit);
        Assert.Equal(TimeSpan.FromSeconds(30), new GuardedCalls(client, null).CallLimit);
    }
}
