using FineTuneWorkflows.Activities;
using FineTuneWorkflows.Activities.Cancel;
using FineTuneWorkflows.Activities.Provider;
using FineTuneWorkflows.Tests.Support;
using FineTuneWorkflows.Wire;
using Temporalio.Exceptions;

namespace FineTuneWorkflows.Tests.Activities;

/// <summary>
/// Every error class, produced by the simulator over real HTTP, as the workflow's retry policy sees
/// it. These activities follow a job already paid for: nothing but the job's own end may stop its
/// watch, so even what would be final before a create (a wrong key, an unknown id, no quota) is
/// retried, saying so.
/// </summary>
public class ProviderErrorActivityTests
{
    private static async Task<(ApplicationFailureException Failure, ProviderRig Rig)> FailRetrieveAsync(string fault, Action<ProviderRig>? setUp = null)
    {
        var rig = await ProviderRig.StartAsync();
        setUp?.Invoke(rig);
        var job = await rig.Client.CreateJobAsync(new() { Model = "gpt-4o-mini", TrainingFile = "file-a" }, TestContext.Current.CancellationToken);
        rig.State.InjectFault("GET", $"/v1/fine_tuning/jobs/{job.Id}", fault, 1);
        var failure = await Assert.ThrowsAsync<ApplicationFailureException>(() =>
            new ActivityAttempt().RunAsync(() => rig.Polling.WaitForStatusChangeAsync(new(job.Id, JobStatus.ValidatingFiles))));
        return (failure, rig);
    }

    [Fact]
    public async Task RateLimited_WithRetryAfter_IsRetryableAfterTheProvidersDelay()
    {
        var (failure, rig) = await FailRetrieveAsync("429;retry-after=3");
        await using var _ = rig;

        Assert.Equal(ProviderErrorTypes.RateLimited, failure.ErrorType);
        Assert.False(failure.NonRetryable);
        Assert.Equal(TimeSpan.FromSeconds(3), failure.NextRetryDelay);
        var details = failure.Details.ElementAt<ProviderErrorDetails>(0);
        Assert.Equal("rate_limit_exceeded", details.Code);
        Assert.Equal(429, details.StatusCode);
    }

    [Fact]
    public async Task QuotaExhausted_WhileAJobRuns_IsRetriedNotFatal()
    {
        var (failure, rig) = await FailRetrieveAsync("429-quota");
        await using var _ = rig;

        Assert.Equal(ProviderErrorTypes.QuotaExceeded, failure.ErrorType);
        Assert.False(failure.NonRetryable);
        Assert.Null(failure.NextRetryDelay);
        Assert.Contains("(retrying: the job exists and may be running, so it stays watched until the cause is fixed)", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("500", ProviderErrorTypes.Unavailable)]
    [InlineData("502-html", ProviderErrorTypes.Unavailable)]
    [InlineData("garbage", ProviderErrorTypes.UnreadableResponse)]
    [InlineData("lose-response", ProviderErrorTypes.Unavailable)]
    public async Task ServerTrouble_IsRetryable(string fault, string type)
    {
        var (failure, rig) = await FailRetrieveAsync(fault);
        await using var _ = rig;

        Assert.Equal(type, failure.ErrorType);
        Assert.False(failure.NonRetryable);
    }

    [Fact]
    public async Task GarbageJson_SaysWhatCameBack()
    {
        var (failure, rig) = await FailRetrieveAsync("garbage");
        await using var _ = rig;

        Assert.Contains("not the expected JSON", failure.Message, StringComparison.Ordinal);
        Assert.Contains("body starts", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SlowProvider_BeyondTheRequestTimeout_IsARetryableTimeout()
    {
        await using var rig = await ProviderRig.StartAsync(provider: url => new() { Kind = ProviderKind.OpenAI, BaseUrl = url, ApiKey = ProviderRig.ApiKey, RequestTimeout = TimeSpan.FromMilliseconds(300) });
        // Made in the simulator directly: only the slow call is meant to meet the 300 ms budget,
        // and a cold first request over HTTP can take longer than that on a busy machine.
        var job = rig.State.CreateJob(new() { Model = "gpt-4o-mini", TrainingFile = "file-a" }, null);
        rig.State.InjectFault("GET", $"/v1/fine_tuning/jobs/{job.Id}", "slow=3000", 1);

        var failure = await Assert.ThrowsAsync<ApplicationFailureException>(() =>
            new ActivityAttempt().RunAsync(() => rig.Polling.WaitForStatusChangeAsync(new(job.Id, JobStatus.ValidatingFiles))));

        Assert.Equal(ProviderErrorTypes.Timeout, failure.ErrorType);
        Assert.False(failure.NonRetryable);
    }

    [Fact]
    public async Task WrongKey_IsNotRetryable_NamesTheSetting_AndNeverEchoesTheKey()
    {
        await using var rig = await ProviderRig.StartAsync(new() { ApiKey = "sk-the-right-key" });

        var failure = await Assert.ThrowsAsync<ApplicationFailureException>(() =>
            new ActivityAttempt().RunAsync(() => rig.Creation.CreateJobAsync(new("wf-1", new() { Model = "m", TrainingFile = "file-a" }, DateTimeOffset.UtcNow))));

        Assert.Equal(ProviderErrorTypes.AuthenticationFailed, failure.ErrorType);
        Assert.True(failure.NonRetryable);
        Assert.Contains("Provider:ApiKey", failure.Message, StringComparison.Ordinal);
        var everything = failure.ToString() + System.Text.Json.JsonSerializer.Serialize(failure.Details.ElementAt<ProviderErrorDetails>(0));
        Assert.DoesNotContain(ProviderRig.ApiKey[..5] + "*", everything, StringComparison.Ordinal);
        Assert.DoesNotContain(ProviderRig.ApiKey, everything, StringComparison.Ordinal);
        Assert.DoesNotContain("Incorrect API key", everything, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongKey_WhileAJobRuns_IsRetriedNotFatal()
    {
        await using var rig = await ProviderRig.StartAsync();
        var job = await rig.Client.CreateJobAsync(new() { Model = "gpt-4o-mini", TrainingFile = "file-a" }, TestContext.Current.CancellationToken);
        rig.Simulator.Options.ApiKey = "sk-rotated-key";

        var failure = await Assert.ThrowsAsync<ApplicationFailureException>(() =>
            new ActivityAttempt().RunAsync(() => rig.Polling.WaitForStatusChangeAsync(new(job.Id, JobStatus.ValidatingFiles))));

        Assert.Equal(ProviderErrorTypes.AuthenticationFailed, failure.ErrorType);
        Assert.False(failure.NonRetryable);
        Assert.Contains("(retrying: the job exists and may be running, so it stays watched until the cause is fixed)", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(ProviderRig.ApiKey, failure.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Failure_ThroughTemporalsConverter_KeepsTheProvidersAccountInnermost()
    {
        var (failure, rig) = await FailRetrieveAsync("429-quota");
        await using var _ = rig;
        var converter = Temporalio.Converters.DataConverter.Default;

        var proto = converter.FailureConverter.ToFailure(failure, converter.PayloadConverter);
        var back = converter.FailureConverter.ToException(proto, converter.PayloadConverter);

        var innermost = back;
        while (innermost.InnerException is not null)
        {
            innermost = innermost.InnerException;
        }

        var application = Assert.IsType<ApplicationFailureException>(innermost);
        Assert.Equal(ProviderErrorTypes.QuotaExceeded, application.ErrorType);
        Assert.Equal("insufficient_quota", application.Details.ElementAt<ProviderErrorDetails>(0).Code);
    }

    [Fact]
    public async Task UnknownJob_WhileFollowingIt_IsRetriedNotFatal()
    {
        // A key of another project after a rotation sees no such job: the job runs on regardless.
        await using var rig = await ProviderRig.StartAsync();

        var cancel = await Assert.ThrowsAsync<ApplicationFailureException>(() =>
            new ActivityAttempt().RunAsync(() => rig.Cancel.CancelJobAsync(new("ftjob-doesnotexist"))));
        var wait = await Assert.ThrowsAsync<ApplicationFailureException>(() =>
            new ActivityAttempt().RunAsync(() => rig.Polling.WaitForStatusChangeAsync(new("ftjob-doesnotexist", JobStatus.Running))));

        Assert.Equal(ProviderErrorTypes.NotFound, cancel.ErrorType);
        Assert.False(cancel.NonRetryable);
        Assert.Equal(ProviderErrorTypes.NotFound, wait.ErrorType);
        Assert.False(wait.NonRetryable);
    }

    [Fact]
    public async Task ProviderDown_IsRetryableUnavailable()
    {
        // A port that was free a moment ago: nothing listens there.
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var http = new HttpClient();
        var client = new FineTuningClient(http, Microsoft.Extensions.Options.Options.Create(new ProviderOptions { Kind = ProviderKind.OpenAI, BaseUrl = new($"http://127.0.0.1:{port}/v1"), ApiKey = "k" }), TimeProvider.System);
        var activities = new CancelActivities(client);

        var failure = await Assert.ThrowsAsync<ApplicationFailureException>(() =>
            new ActivityAttempt().RunAsync(() => activities.CancelJobAsync(new("ftjob-x"))));

        Assert.Equal(ProviderErrorTypes.Unavailable, failure.ErrorType);
        Assert.False(failure.NonRetryable);
        Assert.Contains("could not reach the provider", failure.Message, StringComparison.Ordinal);
    }
}
