namespace FineTuneWorkflows.Tests.Replay.Capture;

/// <summary>
/// One thing the workflow asked Temporal to do, as seen by the replay interceptors, in the order
/// it asked. <paramref name="Detail"/> is the argument as JSON on the wire (or the search
/// attributes as <c>key=value</c> pairs), so two calls are equal exactly when a worker would
/// send the same command.
/// </summary>
public sealed record CapturedCall(string Kind, string Name, string Detail)
{
    public const string Activity = "activity";

    /// <summary>An activity the code asked for with its cancellation token already cancelled: the SDK sends no command.</summary>
    public const string ActivityRefused = "activity-refused";
    public const string Timer = "timer";
    public const string ContinueAsNew = "continue-as-new";

    /// <summary>
    /// The SDK sends upserts past the interceptors, so they are seen as the workflow's search
    /// attributes just before each command and at the end, recorded whenever they changed.
    /// </summary>
    public const string SearchAttributes = "search-attributes";

    public override string ToString() => $"{Kind} {Name} {Detail}";
}
