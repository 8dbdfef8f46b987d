using FineTuneWorkflows.Activities.Provider;
using FineTuneWorkflows.Wire;
using Temporalio.Exceptions;

namespace FineTuneWorkflows.Activities;

/// <summary>
/// Turns our classified errors into Temporal failures: the failure type is the error class, the
/// details carry the provider's code/message/param, and Retry-After becomes the next retry delay.
/// Cancellation passes through untouched so Temporal sees a cancelled activity.
/// </summary>
public static class ActivityFailures
{
    /// <summary>The longest a provider's Retry-After may hold the next attempt: a longer one would leave a job unchecked that long.</summary>
    public static readonly TimeSpan MaxRetryDelay = TimeSpan.FromHours(1);

    /// <summary>Said of every failure an activity following a paid job retries whatever the cause.</summary>
    public const string JobExistsReason = "the job exists and may be running, so it stays watched until the cause is fixed";

    /// <param name="body">The activity's work.</param>
    /// <param name="jobExists">
    /// True for activities that follow a job already paid for (wait, cancel, results): nothing but
    /// the job's own final status may end its watch, so every failure is retried — a rotated key,
    /// a 404 from another project's key, an exhausted quota — until an operator fixes the cause.
    /// False for work done before any job can exist, where the provider's classification stands.
    /// </param>
    public static async Task<T> TranslateAsync<T>(Func<Task<T>> body, bool jobExists = false)
    {
        ArgumentNullException.ThrowIfNull(body);
        try
        {
            return await body();
        }
        catch (ProviderException e)
        {
            throw ToFailure(e, jobExists ? JobExistsReason : null);
        }
        catch (InvalidRequestException e)
        {
            throw ToFailure(e, jobExists ? JobExistsReason : null);
        }
    }

    /// <summary>
    /// The failure, with no cause attached: a cause would travel as a second application failure
    /// (of type "ProviderException", without details) below this one, and readers looking for
    /// the innermost failure would find it instead of the provider's account.
    /// </summary>
    /// <param name="retryBecause">Set to retry even what the provider's answer makes final, saying why.</param>
    public static ApplicationFailureException ToFailure(ProviderException e, string? retryBecause = null)
    {
        ArgumentNullException.ThrowIfNull(e);
        var forced = retryBecause is not null && !e.Retryable;
        return new ApplicationFailureException(
            forced ? $"{e.Message} (retrying: {retryBecause})" : e.Message,
            e.ErrorType,
            nonRetryable: !e.Retryable && !forced,
            details: [new ProviderErrorDetails(e.Error?.Code, e.Error?.Message, e.Error?.Param, e.StatusCode)],
            nextRetryDelay: RetryDelay(e.RetryAfter));
    }

    /// <summary>
    /// A provider's Retry-After as Temporal's next-retry delay. None for zero ("at once", or a date
    /// just past): Temporal Server 1.25 and later read a zero delay as no time left and stop
    /// retrying, which would end a watch for good over one 429; the policy's back-off applies
    /// instead. At most <see cref="MaxRetryDelay"/>.
    /// </summary>
    public static TimeSpan? RetryDelay(TimeSpan? retryAfter) =>
        retryAfter is not { } delay || delay <= TimeSpan.Zero ? null
        : delay > MaxRetryDelay ? MaxRetryDelay
        : delay;

    /// <summary>A request we refused to send; final unless <paramref name="retryBecause"/> says why not.</summary>
    public static ApplicationFailureException ToFailure(InvalidRequestException e, string? retryBecause = null)
    {
        ArgumentNullException.ThrowIfNull(e);
        return new ApplicationFailureException(
            retryBecause is null ? e.Message : $"{e.Message} (retrying: {retryBecause})",
            InvalidRequestException.ErrorType,
            nonRetryable: retryBecause is null,
            details: [new ProviderErrorDetails(null, e.Message, e.Param, null)]);
    }
}
