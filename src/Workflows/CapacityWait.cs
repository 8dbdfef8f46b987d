using System.Text.Json.Serialization;

namespace FineTuneWorkflows.Workflows;

/// <summary>
/// A fine-tune held because the provider had no room for its job: no job exists, the workflow
/// waits on a timer (holding nothing) and then prepares and creates again. Query <c>Capacity</c>
/// answers it; the API shows it as <c>waiting_for_capacity</c> on a <c>queued</c> job.
/// </summary>
/// <param name="Reason"><see cref="ActiveJobs"/> or <see cref="DailyCreates"/>.</param>
/// <param name="Message">The provider's own words.</param>
/// <param name="Since">When the first refusal came (workflow time).</param>
/// <param name="NextAttemptAt">When the create is tried again; null while in this deployment's line (<see cref="LocalLimit"/>), which moves as jobs end.</param>
/// <param name="Refusals">Creates refused so far.</param>
public sealed record CapacityWait(
    [property: JsonPropertyName("reason")] string Reason,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("since")] DateTimeOffset Since,
    [property: JsonPropertyName("next_attempt_at")] DateTimeOffset? NextAttemptAt,
    [property: JsonPropertyName("refusals")] int Refusals)
{
    /// <summary>The <c>FineTuneStatus</c> search attribute while waiting: <c>FineTuneStatus = "waiting_for_capacity"</c> lists every waiting job.</summary>
    public const string Status = "waiting_for_capacity";

    /// <summary>Too many jobs of the model are active or queued at the provider.</summary>
    public const string ActiveJobs = "active_jobs";

    /// <summary>The provider's daily limit of creates for the model is spent.</summary>
    public const string DailyCreates = "daily_creates";

    /// <summary>This deployment's own limit (<c>Provider:Limits</c>) is reached: the fine-tune waits in line for a slot.</summary>
    public const string LocalLimit = "local_limit";
}
