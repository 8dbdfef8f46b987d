using FineTuneWorkflows.Activities.Provider;
using Temporalio.Exceptions;

namespace FineTuneWorkflows.Activities;

/// <summary>
/// Turns our classified errors into Temporal failures: the failure type is the error class, the
/// details carry the provider's code/message/param, and Retry-After becomes the next retry delay.
/// Cancellation passes through untouched so Temporal sees a cancelled activity.
/// </summary>
public static class ActivityFailures
{
    public static async Task<T> TranslateAsync<T>(Func<Task<T>> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        try
        {
            return await body();
        }
        catch (ProviderException e)
        {
            throw ToFailure(e);
        }
        catch (InvalidRequestException e)
        {
            throw new ApplicationFailureException(
                e.Message, InvalidRequestException.ErrorType, nonRetryable: true,
                details: [new ProviderErrorDetails(null, e.Message, e.Param, null)]);
        }
    }

    public static ApplicationFailureException ToFailure(ProviderException e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return new ApplicationFailureException(
            e.Message, e, e.ErrorType, nonRetryable: !e.Retryable,
            details: [new ProviderErrorDetails(e.Error?.Code, e.Error?.Message, e.Error?.Param, e.StatusCode)],
            nextRetryDelay: e.RetryAfter);
    }
}

/// <summary>The provider's own account of a failure, as failure details the Web UI shows.</summary>
public sealed record ProviderErrorDetails(string? Code, string? Message, string? Param, int? StatusCode);
