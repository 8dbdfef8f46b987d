using System.Net;
using FineTuneWorkflows.Activities;
using FineTuneWorkflows.Activities.Provider;
using FineTuneWorkflows.Starter.Api;
using FineTuneWorkflows.Starter.Temporal;
using FineTuneWorkflows.Wire;
using Temporalio.Exceptions;

namespace FineTuneWorkflows.Tests.Starter;

public class CreateRefusalsTests
{
    private static CreateOutcome.Refused Refused(string type, ProviderErrorDetails? details) =>
        new(new ApplicationFailureException($"The fine-tuning job could not be created: {type} happened", type, nonRetryable: true), details);

    [Fact]
    public void ToError_ProviderRefusedTheRequest_400WithItsParamAndCode()
    {
        var result = CreateRefusals.ToError(Refused(ProviderErrorTypes.InvalidRequest, new ProviderErrorDetails("invalid_training_file", "File file-x is not valid JSONL", "training_file", 400)));

        Assert.Equal((int)HttpStatusCode.BadRequest, result.StatusCode);
        Assert.Equal("File file-x is not valid JSONL", result.Value!.Error!.Message);
        Assert.Equal("training_file", result.Value.Error.Param);
        Assert.Equal("invalid_training_file", result.Value.Error.Code);
        Assert.Equal(ApiErrors.InvalidRequest, result.Value.Error.Type);
    }

    [Fact]
    public void ToError_NoDetails_400WithTheFailureMessageUnprefixed()
    {
        var result = CreateRefusals.ToError(Refused(ProviderErrorTypes.NotFound, null));

        Assert.Equal((int)HttpStatusCode.BadRequest, result.StatusCode);
        Assert.Equal("ProviderNotFound happened", result.Value!.Error!.Message);
    }

    [Fact]
    public void ToError_QuotaExhausted_429InsufficientQuota()
    {
        var result = CreateRefusals.ToError(Refused(ProviderErrorTypes.QuotaExceeded, new ProviderErrorDetails("insufficient_quota", "You exceeded your quota", null, 429)));

        Assert.Equal((int)HttpStatusCode.TooManyRequests, result.StatusCode);
        Assert.Equal("insufficient_quota", result.Value!.Error!.Code);
    }

    [Fact]
    public void ToError_ProviderRefusedTheWorkersKey_502SayingNothingOfIt()
    {
        var result = CreateRefusals.ToError(Refused(ProviderErrorTypes.AuthenticationFailed, new ProviderErrorDetails("invalid_api_key", "Incorrect API key provided: sk-ab***yz", null, 401)));

        Assert.Equal((int)HttpStatusCode.BadGateway, result.StatusCode);
        Assert.DoesNotContain("sk-", result.Value!.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DetailsOf_ActivityFailureChain_FindsTheProvidersReason()
    {
        var details = new ProviderErrorDetails("invalid_training_file", "bad file", "training_file", 400);
        var chain = new InvalidOperationException("outer", new ApplicationFailureException("inner", ProviderErrorTypes.InvalidRequest, nonRetryable: true, details: [details]));

        var found = FailureReading.DetailsOf(FailureReading.InnermostApplicationFailure(chain));

        Assert.Equal(details, found);
        Assert.Equal(new JobError("invalid_training_file", "bad file", "training_file"), FailureReading.ToJobError(chain));
    }

    [Fact]
    public void ToJobError_NoApplicationFailure_UsesTheMessage()
    {
        Assert.Equal(new JobError("workflow_failed", "terminated by operator", null), FailureReading.ToJobError(new InvalidOperationException("terminated by operator")));
    }
}
