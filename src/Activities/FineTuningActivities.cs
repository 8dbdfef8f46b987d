using FineTuneWorkflows.Activities.Provider;
using FineTuneWorkflows.Activities.Results;
using FineTuneWorkflows.Wire;
using Temporalio.Activities;

namespace FineTuneWorkflows.Activities;

/// <summary>
/// The activities of one fine-tuning job. Each call is safe to retry: creating finds a job an
/// earlier attempt made, waiting resumes from its heartbeat, cancelling an ended job reports
/// its final status, and result files are replaced whole.
/// </summary>
public sealed partial class FineTuningActivities(FineTuningClient client, IArtifactStore artifacts, TimeProvider clock)
{
    private static ActivityExecutionContext Context => ActivityExecutionContext.Current;

    private static CancellationToken Cancellation => ActivityExecutionContext.Current.CancellationToken;
}
