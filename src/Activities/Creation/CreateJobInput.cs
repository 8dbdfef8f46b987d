using System.Text.Json.Serialization;
using FineTuneWorkflows.Wire;

namespace FineTuneWorkflows.Activities.Creation;

/// <param name="IdempotencyKey">Stable across retries, continue-as-new and resets: the same key never makes a second job.</param>
/// <param name="Request">What the user asked for, in the provider's shape.</param>
/// <param name="RequestedAt">When the workflow asked (workflow time).</param>
/// <param name="Before">What the provider listed before the first create (<see cref="CreationActivities.PrepareCreateAsync"/>);
/// null in input scheduled by the first workflow version, which then falls back to <paramref name="RequestedAt"/>.</param>
/// <param name="EarlierRunSince">Set when an earlier run of this workflow (before a reset, or a retry) may already have
/// created the job: when that run started, as far as this run knows.</param>
/// <param name="MetadataKept">Whether the path keeps our metadata, as it stood when the create was prepared; null for the
/// worker's setting now.</param>
/// <param name="RefusedForRoomAt">When this run's last create was refused for want of room. The refusal does not prove that no
/// job was made: a gateway that retried the create after the provider made the job hears the cap that job now fills. So the
/// next create looks for that job first, and the job may still land until the settle time after this.</param>
public sealed record CreateJobInput(
    string IdempotencyKey,
    CreateFineTuningJobRequest Request,
    DateTimeOffset RequestedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JobsBefore? Before = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? EarlierRunSince = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? MetadataKept = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? RefusedForRoomAt = null)
{
    /// <summary>Scheduled by the first workflow version, whose creates chose no seed.</summary>
    [JsonIgnore]
    public bool FromFirstVersion => Before is null && EarlierRunSince is null;
}
