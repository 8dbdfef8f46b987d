namespace FineTuneWorkflows.Workflows;

/// <summary>
/// The <c>Workflow.Patched</c> ids of behaviour added after workflows were already running. Each
/// is checked where the new behaviour departs from the old, so a history recorded without it
/// replays as it ran, and a running workflow takes the new path wherever its history has not yet
/// gone. Once no run older than a patch remains: <c>Workflow.DeprecatePatch</c>, then removal.
/// </summary>
public static class Patches
{
    /// <summary>
    /// A <c>PrepareCreate</c> activity before the create (every option checked, and what the
    /// provider lists recorded so no job in it is ever taken for ours), and the first run's id as
    /// the idempotency key (it survives resets, which the run id does not).
    /// </summary>
    public const string CreateIdentity = "ftw-create-identity";

    /// <summary>The <c>WaitForJob</c> update waits out a create even when the workflow is cancelled meanwhile.</summary>
    public const string UpdateSurvivesCancel = "ftw-update-survives-cancel";

    /// <summary>A cancel that lands with the continue-as-new pause's timer is carried out, never dropped with the old run.</summary>
    public const string CancelBeforeContinueAsNew = "ftw-cancel-before-continue-as-new";

    /// <summary>A watch that fails for good (possible under older activity policies) cancels the job before the run ends.</summary>
    public const string StopJobWhenWatchFails = "ftw-stop-job-when-watch-fails";

    /// <summary>
    /// A create the first version scheduled (under its retry policy, which made a rotated key or
    /// an hour's outage final while the create may have made the job) that fails for good is
    /// followed by a find: a job found is watched, not left running.
    /// </summary>
    public const string FindAfterFirstVersionCreate = "ftw-find-after-first-version-create";

    /// <summary>
    /// The wait is <c>CheckJob</c>, one provider call per attempt with Temporal's retry doing the
    /// waiting, instead of <c>WaitForStatusChange</c>, which held a worker slot and heartbeated for
    /// as long as a status lasted.
    /// </summary>
    public const string CheckWithoutSlot = "ftw-check-without-slot";

    /// <summary>Result downloads run on the long-work queue (<c>Temporal.LongWork</c>), with slots of their own.</summary>
    public const string ResultsOnLongQueue = "ftw-results-on-long-queue";

    /// <summary>
    /// A <c>JobWebhook</c> signal (a provider's webhook) cuts short the wait between checks: the
    /// pending <c>CheckJob</c> is cancelled and a new one reads the job at once.
    /// </summary>
    public const string WakeOnWebhook = "ftw-wake-on-webhook";

    /// <summary>
    /// A create the provider refused for want of room (<c>ProviderErrorTypes.IsCapacity</c>) holds
    /// the fine-tune on a timer, then sends the same create again (which first looks for a job the
    /// refused one may have made), instead of failing the run.
    /// </summary>
    public const string WaitForCapacity = "ftw-wait-for-capacity";

    /// <summary>
    /// Where <c>Provider:Limits</c> sets a limit for the model, the create waits for a slot of the
    /// model's limiter workflow, and gives it back when the run ends.
    /// </summary>
    public const string LocalLimits = "ftw-local-limits";
}
