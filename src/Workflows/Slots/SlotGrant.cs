namespace FineTuneWorkflows.Workflows.Slots;

/// <summary>The names a fine-tune and its limiter signal each other by.</summary>
public static class SlotGrant
{
    /// <summary>Limiter → fine-tune: a slot is yours (the argument is the limit).</summary>
    public const string Signal = "SlotGranted";

    /// <summary>Fine-tune → limiter: the slot (held or waited for) is no longer needed.</summary>
    public const string ReleaseSignal = "Release";

    /// <summary>
    /// The limiter of <paramref name="model"/> at <paramref name="provider"/> for the deployment on
    /// <paramref name="taskQueue"/>: deployments sharing a namespace keep their own limits, and each
    /// limiter runs on its own deployment's workers. Model names are matched in any case, as
    /// <c>Provider:Limits</c> matches them.
    /// </summary>
    public static string LimiterId(string taskQueue, string provider, string model) =>
        $"ftw-slots:{taskQueue}:{provider}:{model.ToLowerInvariant()}";
}
