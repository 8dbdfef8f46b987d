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
    /// <param name="body">The activity's work.</param>
    /// <param name="retryAuthFailures">
    /// True for activities that follow a job already paid for (wait, cancel, results): a rotated
    /// or briefly refused key must not end the workflow while the job runs on, so those retry
    /// until the operator fixes the credentials. A create fails at once instead.
    /// </param>
    public static async Task<T> TranslateAsync<T>(Func<Task<T>> body, bool retryAuthFailures = false)
    {
        ArgumentNullException.ThrowIfNull(body);
        try
        {
            return await body();
        }
        catch (ProviderException e)
        {
            throw ToFailure(e, retryAuthFailures && e.ErrorType == ProviderErrorTypes.AuthenticationFailed);
        }
        catch (InvalidRequestException e)
        {
            throw new ApplicationFailureException(
                e.Message, InvalidRequestException.ErrorType, nonRetryable: true,
                details: [new ProviderErrorDetails(null, e.Message, e.Param, null)]);
        }
    }

    /// <summary>
    /// The failure, with no cause attached: a cause would travel as a second application failure
    /// (of type "ProviderException", without details) below this one, and readers looking for
    /// the innermost failure would find it instead of the provider's account.
    /// </summary>
    public static ApplicationFailureException ToFailure(ProviderException e, bool forceRetry = false)
    {
        ArgumentNullException.ThrowIfNull(e);
        var message = forceRetry ? $"{e.Message} (retrying until the credentials are fixed: the job is already running)" : e.Message;
        return new ApplicationFailureException(
            message, e.ErrorType, nonRetryable: !e.Retryable && !forceRetry,
            details: [new ProviderErrorDetails(e.Error?.Code, e.Error?.Message, e.Error?.Param, e.StatusCode)],
            nextRetryDelay: e.RetryAfter);
    }
}

/// <summary>The provider's own account of a failure, as failure details the Web UI shows.</summary>
public sealed record ProviderErrorDetails(string? Code, string? Message, string? Param, int? StatusCode);
