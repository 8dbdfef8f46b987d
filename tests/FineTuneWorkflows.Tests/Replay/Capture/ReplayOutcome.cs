using System.Text.Json.Serialization;

namespace FineTuneWorkflows.Tests.Replay.Capture;

[JsonConverter(typeof(JsonStringEnumConverter<OutcomeKind>))]
public enum OutcomeKind
{
    /// <summary>The history ends before the workflow does: what a new worker finds after the old one died.</summary>
    Running,
    Completed,
    Failed,
    Cancelled,
    ContinuedAsNew,
}

/// <summary>How one run ended, as the workflow code ended it.</summary>
/// <param name="Json">The result, or the next run's input, as JSON on the wire.</param>
/// <param name="FailureType">The application failure's type (for an activity failure, its cause's type).</param>
/// <param name="FailedActivity">The activity whose failure failed the run, if one did.</param>
/// <param name="FailureDetails">The failure's first detail as JSON.</param>
public sealed record ReplayOutcome(
    OutcomeKind Kind,
    string? Json = null,
    string? FailureType = null,
    string? FailureMessage = null,
    string? FailedActivity = null,
    string? FailureDetails = null)
{
    public static readonly ReplayOutcome Running = new(OutcomeKind.Running);
}
