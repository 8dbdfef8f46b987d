using FineTuneWorkflows.Activities;
using FineTuneWorkflows.Activities.Creation;
using FineTuneWorkflows.Activities.Provider;
using FineTuneWorkflows.Wire;

namespace FineTuneWorkflows.Tests.Activities;

/// <summary>How a refused request becomes a Temporal failure: final before any job can exist, retried (saying why) once one may.</summary>
public class ActivityFailuresTests
{
    private static readonly InvalidRequestException Refused = new("training_file", "must name a .jsonl file");

    [Fact]
    public void ToFailure_RequestRefusedBeforeAnyJob_IsFinalInItsOwnWords()
    {
        var failure = ActivityFailures.ToFailure(Refused);

        Assert.Equal("training_file: must name a .jsonl file", failure.Message);
        Assert.True(failure.NonRetryable);
        Assert.Equal(InvalidRequestException.ErrorType, failure.ErrorType);
        Assert.Equal(new ProviderErrorDetails(null, "training_file: must name a .jsonl file", "training_file", null), failure.Details.ElementAt<ProviderErrorDetails>(0));
    }

    [Fact]
    public void ToFailure_RequestRefusedWhileAJobMayRun_IsRetriedSayingWhy()
    {
        var failure = ActivityFailures.ToFailure(Refused, "the job exists");

        Assert.Equal("training_file: must name a .jsonl file (retrying: the job exists)", failure.Message);
        Assert.False(failure.NonRetryable);
    }

    /// <summary>
    /// A Retry-After of zero (or a date just past) must not reach Temporal as a zero delay: the
    /// server reads that as no time left and retries no more, ending a watch over one 429.
    /// </summary>
    [Theory]
    [InlineData(0, null)]
    [InlineData(-3, null)]
    [InlineData(7, 7)]
    [InlineData(3600, 3600)]
    [InlineData(7200, 3600)]
    public void ToFailure_RetryAfter_IsTheNextDelayOnlyWhenPositiveAndAtMostAnHour(int seconds, int? delaySeconds)
    {
        var limited = new ProviderException(ProviderErrorTypes.RateLimited, "rate limited", retryable: true, 429, retryAfter: TimeSpan.FromSeconds(seconds));

        var failure = ActivityFailures.ToFailure(limited, "the job exists");

        Assert.Equal(delaySeconds is { } d ? TimeSpan.FromSeconds(d) : null, failure.NextRetryDelay);
        Assert.False(failure.NonRetryable);
    }

    [Fact]
    public void ToFailure_NullError_IsRefusedByName()
    {
        Assert.Equal("e", Assert.Throws<ArgumentNullException>(() => ActivityFailures.ToFailure((ProviderException)null!)).ParamName);
        Assert.Equal("e", Assert.Throws<ArgumentNullException>(() => ActivityFailures.ToFailure((InvalidRequestException)null!)).ParamName);
    }

    [Fact]
    public async Task GuardedCalls_NullArguments_AreRefusedByName()
    {
        var client = new FineTuningClient(
            new HttpClient(), Microsoft.Extensions.Options.Options.Create(new ProviderOptions { Kind = ProviderKind.OpenAI, ApiKey = "k" }), TimeProvider.System);

        Assert.Equal("client", Assert.Throws<ArgumentNullException>(() => new GuardedCalls(null!, null)).ParamName);
        Assert.Equal("call", (await Assert.ThrowsAsync<ArgumentNullException>(() => new GuardedCalls(client, null).RunAsync<int>(new object(), null!))).ParamName);
    }
}
