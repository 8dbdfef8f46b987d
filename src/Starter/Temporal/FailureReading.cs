using FineTuneWorkflows.Activities;
using FineTuneWorkflows.Wire;
using Temporalio.Exceptions;

namespace FineTuneWorkflows.Starter.Temporal;

/// <summary>
/// Digs the provider's own account (code, message, param) out of a Temporal failure chain: the
/// workflow fails with an application failure that carries <see cref="ProviderErrorDetails"/>,
/// directly (the job failed) or under an activity failure (the create was refused).
/// </summary>
public static class FailureReading
{
    /// <summary>The innermost application failure in the chain, which is where the provider's reason sits.</summary>
    public static ApplicationFailureException? InnermostApplicationFailure(Exception? failure)
    {
        ApplicationFailureException? found = null;
        for (var e = failure; e is not null; e = e.InnerException)
        {
            if (e is ApplicationFailureException application)
            {
                found = application;
            }
        }

        return found;
    }

    public static ProviderErrorDetails? DetailsOf(ApplicationFailureException? failure)
    {
        if (failure is null || failure.Details.Count == 0)
        {
            return null;
        }

        try
        {
            return failure.Details.ElementAt<ProviderErrorDetails>(0);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or System.Text.Json.JsonException)
        {
            // Details of another shape: the message alone has to do.
            return null;
        }
    }

    /// <summary>The job's error as the provider would give it, from how its workflow failed.</summary>
    public static JobError ToJobError(Exception failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        var application = InnermostApplicationFailure(failure);
        var details = DetailsOf(application);
        return new JobError(
            details?.Code ?? application?.ErrorType ?? "workflow_failed",
            details?.Message ?? application?.Message ?? failure.Message,
            details?.Param);
    }
}
