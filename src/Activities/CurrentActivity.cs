using Temporalio.Activities;

namespace FineTuneWorkflows.Activities;

/// <summary>The running activity's context and cancellation, for the activity classes to read in a word.</summary>
internal static class CurrentActivity
{
    public static ActivityExecutionContext Context => ActivityExecutionContext.Current;

    public static CancellationToken Cancellation => ActivityExecutionContext.Current.CancellationToken;
}
