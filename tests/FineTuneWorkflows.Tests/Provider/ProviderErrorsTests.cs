using System.Net;
using System.Text;
using FineTuneWorkflows.Activities.Provider;

namespace FineTuneWorkflows.Tests.Provider;

public class ProviderErrorsTests
{
    private static ProviderException Classify(HttpStatusCode status, string body, params (string Name, string Value)[] headers)
    {
        using var response = new HttpResponseMessage(status);
        foreach (var (name, value) in headers)
        {
            response.Headers.TryAddWithoutValidation(name, value);
        }

        return ProviderErrors.FromResponse(status, response.Headers, Encoding.UTF8.GetBytes(body), "create fine-tuning job", "Provider:ApiKey");
    }

    private static string Envelope(string code, string message = "m", string? param = null) =>
        $$$"""{"error":{"message":"{{{message}}}","type":"invalid_request_error","param":{{{(param is null ? "null" : $"\"{param}\"")}}},"code":"{{{code}}}"}}""";

    [Theory]
    [InlineData(HttpStatusCode.BadRequest, ProviderErrorTypes.InvalidRequest, false)]
    [InlineData(HttpStatusCode.UnprocessableEntity, ProviderErrorTypes.InvalidRequest, false)]
    [InlineData(HttpStatusCode.NotFound, ProviderErrorTypes.NotFound, false)]
    [InlineData(HttpStatusCode.Unauthorized, ProviderErrorTypes.AuthenticationFailed, false)]
    [InlineData(HttpStatusCode.Forbidden, ProviderErrorTypes.AuthenticationFailed, false)]
    [InlineData(HttpStatusCode.RequestTimeout, ProviderErrorTypes.Timeout, true)]
    [InlineData(HttpStatusCode.Conflict, ProviderErrorTypes.Conflict, true)]
    [InlineData(HttpStatusCode.TooManyRequests, ProviderErrorTypes.RateLimited, true)]
    [InlineData(HttpStatusCode.InternalServerError, ProviderErrorTypes.Unavailable, true)]
    [InlineData(HttpStatusCode.BadGateway, ProviderErrorTypes.Unavailable, true)]
    [InlineData(HttpStatusCode.ServiceUnavailable, ProviderErrorTypes.Unavailable, true)]
    [InlineData(HttpStatusCode.GatewayTimeout, ProviderErrorTypes.Unavailable, true)]
    public void FromResponse_EachStatusClass_IsClassified(HttpStatusCode status, string type, bool retryable)
    {
        var error = Classify(status, Envelope("some_code", "the provider says why", "training_file"));

        Assert.Equal(type, error.ErrorType);
        Assert.Equal(retryable, error.Retryable);
        Assert.Equal((int)status, error.StatusCode);
        Assert.Equal("some_code", error.Error!.Code);
        Assert.Equal("training_file", error.Error.Param);
    }

    [Fact]
    public void FromResponse_429InsufficientQuota_IsNotRetryable()
    {
        var error = Classify(HttpStatusCode.TooManyRequests, Envelope("insufficient_quota", "You exceeded your current quota"), ("retry-after", "5"));

        Assert.Equal(ProviderErrorTypes.QuotaExceeded, error.ErrorType);
        Assert.False(error.Retryable);
        Assert.Contains("You exceeded your current quota", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromResponse_RetryAfterMs_WinsOverRetryAfter()
    {
        var error = Classify(HttpStatusCode.TooManyRequests, Envelope("rate_limit_exceeded"), ("retry-after", "20"), ("retry-after-ms", "1500"));

        Assert.Equal(TimeSpan.FromMilliseconds(1500), error.RetryAfter);
    }

    [Fact]
    public void FromResponse_RetryAfterSeconds_BecomesTheDelay()
    {
        var error = Classify(HttpStatusCode.ServiceUnavailable, "oops", ("retry-after", "7"));

        Assert.Equal(TimeSpan.FromSeconds(7), error.RetryAfter);
        Assert.Contains("oops", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromResponse_401_NamesTheSettingAndNeverEchoesTheProvidersMessage()
    {
        var error = Classify(HttpStatusCode.Unauthorized, Envelope("invalid_api_key", "Incorrect API key provided: sk-ab***yz"));

        Assert.Contains("Provider:ApiKey", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-ab", error.Message, StringComparison.Ordinal);
        Assert.Null(error.Error!.Message);
        Assert.Equal("invalid_api_key", error.Error.Code);
    }

    [Fact]
    public void FromResponse_HtmlErrorPage_IsRetryableWithASnippet()
    {
        var error = Classify(HttpStatusCode.BadGateway, "<html><body>Bad gateway</body></html>");

        Assert.True(error.Retryable);
        Assert.Null(error.Error);
        Assert.Contains("<html><body>Bad gateway", error.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// Provider texts as they come: OpenAI's cap on active jobs under the generic code, its daily
    /// cap under its own code, and plain rate limits (requests, tokens) that only wait a Retry-After.
    /// </summary>
    [Theory]
    [InlineData("rate_limit_exceeded", "You have reached the maximum number of active fine-tuning jobs (3) for model gpt-4o-mini-2024-07-18.", ProviderErrorTypes.ActiveJobLimit)]
    [InlineData("rate_limit_exceeded", "This request would exceed the limit of 6 active or queued fine-tuning jobs for your organization.", ProviderErrorTypes.ActiveJobLimit)]
    [InlineData("too_many_requests", "Maximum number of concurrent training jobs reached", ProviderErrorTypes.ActiveJobLimit)]
    [InlineData("daily_rate_limit_exceeded", "You have exceeded the daily limit of 48 fine-tuning jobs for model gpt-4o-mini. Try again tomorrow.", ProviderErrorTypes.DailyCreateLimit)]
    [InlineData("daily_rate_limit_exceeded", "", ProviderErrorTypes.DailyCreateLimit)]
    [InlineData("rate_limit_exceeded", "Rate limit reached for requests", ProviderErrorTypes.RateLimited)]
    [InlineData("rate_limit_exceeded", "Rate limit reached for gpt-4o-mini in organization org-x on tokens per min (TPM): Limit 200000, Used 199000", ProviderErrorTypes.RateLimited)]
    [InlineData("rate_limit_exceeded", "Too many active connections", ProviderErrorTypes.RateLimited)]
    [InlineData("insufficient_quota", "You exceeded your current quota; the maximum number of active fine-tuning jobs is beside the point", ProviderErrorTypes.QuotaExceeded)]
    public void FromResponse_429_TellsCapacityFromRateLimitsAndQuota(string code, string message, string expected)
    {
        var error = Classify(HttpStatusCode.TooManyRequests, Envelope(code, message), ("retry-after", "30"));

        Assert.Equal(expected, error.ErrorType);
        Assert.Equal(expected != ProviderErrorTypes.QuotaExceeded, error.Retryable);
        Assert.Equal(expected is ProviderErrorTypes.ActiveJobLimit or ProviderErrorTypes.DailyCreateLimit, ProviderErrorTypes.IsCapacity(error.ErrorType));
        // A final refusal has nothing to wait for.
        Assert.Equal(expected == ProviderErrorTypes.QuotaExceeded ? null : TimeSpan.FromSeconds(30), error.RetryAfter);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    public void FromResponse_ActiveJobWordsOutsideA429_AreNotCapacity(HttpStatusCode status)
    {
        var error = Classify(status, Envelope("rate_limit_exceeded", "You have reached the maximum number of active fine-tuning jobs (3)"));

        Assert.False(ProviderErrorTypes.IsCapacity(error.ErrorType));
    }
}
