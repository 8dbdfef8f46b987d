using System.Text.Json.Serialization;
using FineTuneWorkflows.Workflows;

namespace FineTuneWorkflows.Starter.Api;

/// <summary>
/// The <c>waiting_for_capacity</c> field of a <c>queued</c> job the provider has no room for yet:
/// why, in the provider's words, since when and when the create is tried again (Unix seconds, as
/// every time in the wire format; no next attempt while in this deployment's own line). No provider job exists while it is shown.
/// </summary>
public sealed record CapacityView(
    [property: JsonPropertyName("reason")] string Reason,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("since")] long Since,
    [property: JsonPropertyName("next_attempt_at")] long? NextAttemptAt,
    [property: JsonPropertyName("refusals")] int Refusals)
{
    /// <summary>The job's field, named after the status it explains.</summary>
    public const string Field = CapacityWait.Status;

    public static CapacityView From(CapacityWait wait)
    {
        ArgumentNullException.ThrowIfNull(wait);
        return new(wait.Reason, wait.Message, wait.Since.ToUnixTimeSeconds(), wait.NextAttemptAt?.ToUnixTimeSeconds(), wait.Refusals);
    }
}
