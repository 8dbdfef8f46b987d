namespace FineTuneWorkflows.Tests.Replay.Capture;

/// <summary>
/// One thing the workflow asked Temporal to do, as seen by the replay interceptors, in the order
/// it asked. <paramref name="Detail"/> is the argument as JSON on the wire (or the search
/// attributes as <c>key=value</c> pairs), so two calls are equal exactly when a worker would
/// send the same command. <paramref name="Queue"/> is an activity's task queue where the workflow
/// names one (null: the workflow's own); replay does not check it against history, so this does.
/// </summary>
public sealed record CapturedCall(string Kind, string Name, string Detail, string? Queue = null)
{
    public const string Activity = "activity";

    /// <summary>An activity the code asked for with its cancellation token already cancelled: the SDK sends no command.</summary>
    public const string ActivityRefused = "activity-refused";
    public const string Timer = "timer";

    /// <summary>A signal to another workflow (the webhook delivery's to a fine-tune).</summary>
    public const string Signal = "signal";
    public const string ContinueAsNew = "continue-as-new";

    /// <summary>
    /// An update's handler returned; the detail is its result. (Its acceptance is not a call: a
    /// worker replaying a history cut just after the accepting task's WorkflowTaskCompleted never
    /// sees the update at all.)
    /// </summary>
    public const string Update = "update";

    /// <summary>An update's handler failed; the detail is an <see cref="UpdateFailure"/>.</summary>
    public const string UpdateFailed = "update-failed";

    /// <summary>
    /// The SDK sends upserts past the interceptors, so they are seen as the workflow's search
    /// attributes just before each command and at the end, recorded whenever they changed.
    /// </summary>
    public const string SearchAttributes = "search-attributes";

    public override string ToString() => Queue is null ? $"{Kind} {Name} {Detail}" : $"{Kind} {Name} on {Queue} {Detail}";
}

/// <summary>How an update's handler failed, as its caller is told.</summary>
public sealed record UpdateFailure(string? Type, string Message);
