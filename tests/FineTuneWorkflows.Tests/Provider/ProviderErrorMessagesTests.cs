using System.Net;
using System.Text;
using FineTuneWorkflows.Activities.Provider;

namespace FineTuneWorkflows.Tests.Provider;

/// <summary>
/// What an operator reads for each kind of provider failure (the Web UI shows it as the activity's
/// failure), word for word, and the edges of the rules behind it.
/// </summary>
public class ProviderErrorMessagesTests
{
    private const string Operation = "create fine-tuning job";
    private const string Said = """{"error":{"message":"why","type":"invalid_request_error","param":null,"code":"some_code"}}""";

    private static ProviderException Classify(int status, string body, params (string Name, string Value)[] headers)
    {
        using var response = new HttpResponseMessage((HttpStatusCode)status);
        foreach (var (name, value) in headers)
        {
            response.Headers.TryAddWithoutValidation(name, value);
        }

        return ProviderErrors.FromResponse((HttpStatusCode)status, response.Headers, Encoding.UTF8.GetBytes(body), Operation, "Provider:ApiKey");
    }

    [Theory]
    [InlineData(401, "create fine-tuning job was refused with 401 Unauthorized: check Provider:ApiKey")]
    [InlineData(403, "create fine-tuning job was refused with 403 Forbidden: check Provider:ApiKey")]
    [InlineData(429, "create fine-tuning job was rate limited: why")]
    [InlineData(404, "create fine-tuning job failed with 404 Not Found: why")]
    [InlineData(400, "create fine-tuning job was rejected with 400: why")]
    [InlineData(422, "create fine-tuning job was rejected with 422: why")]
    [InlineData(408, "create fine-tuning job timed out at the provider (408): why")]
    [InlineData(409, "create fine-tuning job conflicted (409): why")]
    [InlineData(500, "create fine-tuning job failed with 500 InternalServerError: why")]
    [InlineData(418, "create fine-tuning job failed with unexpected status 418: why")]
    public void FromResponse_EachStatus_SaysWhatHappenedInItsOwnWords(int status, string message) =>
        Assert.Equal(message, Classify(status, Said).Message);

    [Fact]
    public void FromResponse_OutOfQuota_SaysSo() =>
        Assert.Equal(
            "create fine-tuning job failed: the provider account is out of quota: why",
            Classify(429, Said.Replace("some_code", "insufficient_quota", StringComparison.Ordinal)).Message);

    [Fact]
    public void FromResponse_UnexpectedStatus_IsAFinalInvalidRequest()
    {
        var error = Classify(418, Said);

        Assert.Equal(ProviderErrorTypes.InvalidRequest, error.ErrorType);
        Assert.False(error.Retryable);
        Assert.Equal(418, error.StatusCode);
    }

    [Fact]
    public void FromResponse_NoBody_SaysNothingMore()
    {
        Assert.Equal("create fine-tuning job was rejected with 400", Classify(400, string.Empty).Message);
        Assert.Equal("create fine-tuning job failed with 503 ServiceUnavailable", Classify(503, string.Empty).Message);
    }

    [Fact]
    public void FromResponse_RefusedWithoutABody_CarriesNoError() =>
        Assert.Null(Classify(401, string.Empty).Error);

    [Fact]
    public void FromResponse_RefusedWithABody_KeepsTheCodeButNotTheMessage()
    {
        var error = Classify(401, Said).Error!;

        Assert.Equal("some_code", error.Code);
        Assert.Null(error.Message);
    }

    [Fact]
    public void FromResponse_ServerErrorThatIsNotJson_QuotesTheStartOfTheBodyOnOneLine()
    {
        var body = "  <html>\r\n<body>bad gateway</body>\n" + new string('x', 300);

        var message = Classify(502, body).Message;

        var quoted = ("<html> <body>bad gateway</body> " + new string('x', 300))[..(200 - 2 - 1)];
        Assert.Equal($"create fine-tuning job failed with 502 BadGateway (body starts: \"{quoted}\")", message);
    }

    [Fact]
    public void FromResponse_ServerErrorWithTheProvidersError_QuotesNoBody() =>
        Assert.Equal("create fine-tuning job failed with 500 InternalServerError: why", Classify(500, Said).Message);

    [Theory]
    [InlineData(399, false)]
    [InlineData(400, true)]
    [InlineData(404, true)]
    [InlineData(408, false)]
    [InlineData(409, false)]
    [InlineData(499, true)]
    [InlineData(500, false)]
    public void IsRefusal_OnlyA4xxThatProvesNothingWasDone(int status, bool refusal) =>
        Assert.Equal(refusal, ProviderErrors.IsRefusal(new ProviderException(ProviderErrorTypes.InvalidRequest, "m", retryable: false, status)));

    [Fact]
    public void IsRefusal_NoAnswerAtAll_IsNoRefusal() =>
        Assert.False(ProviderErrors.IsRefusal(new ProviderException(ProviderErrorTypes.Unavailable, "m", retryable: true)));

    [Fact]
    public void Unreadable_SuccessWithABodyThatIsNotJson_IsRetriedQuotingIt()
    {
        var error = ProviderErrors.Unreadable(Operation, 200, "<html>"u8, new FormatException());

        Assert.Equal("create fine-tuning job returned 200 with a body that is not the expected JSON (body starts: \"<html>\")", error.Message);
        Assert.Equal(ProviderErrorTypes.UnreadableResponse, error.ErrorType);
        Assert.True(error.Retryable);
    }

    [Fact]
    public void Unreadable_EmptyBody_QuotesNothing() =>
        Assert.Equal("create fine-tuning job returned 200 with a body that is not the expected JSON", ProviderErrors.Unreadable(Operation, 200, [], new FormatException()).Message);

    [Fact]
    public void Transport_NoAnswerInTime_IsARetriedTimeout()
    {
        foreach (var cause in new Exception[] { new TimeoutException(), new TaskCanceledException() })
        {
            var error = ProviderErrors.Transport(Operation, cause);

            Assert.Equal("create fine-tuning job got no answer in time", error.Message);
            Assert.Equal(ProviderErrorTypes.Timeout, error.ErrorType);
            Assert.True(error.Retryable);
        }
    }

    [Fact]
    public void Transport_Unreachable_IsRetriedSayingWhy()
    {
        var error = ProviderErrors.Transport(Operation, new HttpRequestException("Connection refused"));

        Assert.Equal("create fine-tuning job could not reach the provider: Connection refused", error.Message);
        Assert.Equal(ProviderErrorTypes.Unavailable, error.ErrorType);
        Assert.True(error.Retryable);
    }

    [Fact]
    public void RetryAfter_ZeroMilliseconds_MeansAtOnce() =>
        Assert.Equal(TimeSpan.Zero, Classify(429, Said, ("retry-after-ms", "0")).RetryAfter);

    [Fact]
    public void RetryAfter_NegativeMilliseconds_IsIgnoredForTheSecondsHeader() =>
        Assert.Equal(TimeSpan.FromSeconds(4), Classify(429, Said, ("retry-after-ms", "-5"), ("retry-after", "4")).RetryAfter);

    [Fact]
    public void RetryAfter_ADateAhead_IsTheTimeUntilThen()
    {
        var at = DateTimeOffset.UtcNow.AddHours(1);

        var wait = Classify(429, Said, ("retry-after", at.ToString("r", System.Globalization.CultureInfo.InvariantCulture))).RetryAfter!.Value;

        Assert.InRange(wait, TimeSpan.FromMinutes(58), TimeSpan.FromMinutes(60));
    }

    [Fact]
    public void RetryAfter_ADatePast_MeansAtOnce() =>
        Assert.Equal(TimeSpan.Zero, Classify(429, Said, ("retry-after", "Wed, 21 Oct 2015 07:28:00 GMT")).RetryAfter);

    [Fact]
    public void RetryAfter_None_IsNull() =>
        Assert.Null(Classify(429, Said).RetryAfter);

    [Fact]
    public void NullArguments_AreRefusedByName()
    {
        Assert.Equal("e", Assert.Throws<ArgumentNullException>(() => ProviderErrors.IsRefusal(null!)).ParamName);
        Assert.Equal("headers", Assert.Throws<ArgumentNullException>(() => ProviderErrors.RetryAfter(null!)).ParamName);
    }
}
