using System.Text.Json.Serialization;
using FineTuneWorkflows.Activities.Polling;
using FineTuneWorkflows.Wire;

namespace FineTuneWorkflows.Activities.Creation;

/// <summary>Everything a fine-tune will need, checked before a create can spend money.</summary>
/// <param name="IdempotencyKey">The key the create will carry.</param>
/// <param name="Request">What the user asked for.</param>
/// <param name="Poll">The wait's poll cadence; null for the default.</param>
/// <param name="ArtifactFolder">Where result files will go, inside the worker's artifact folder; null for that folder.</param>
/// <param name="EarlierRunSince">Set when an earlier run of the workflow may already have created the job: then no failure
/// here is final (that job must still be found), and a job carrying the key is expected rather than refused.</param>
public sealed record PrepareCreateInput(
    string IdempotencyKey,
    CreateFineTuningJobRequest Request,
    PollPolicy? Poll,
    string? ArtifactFolder,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? EarlierRunSince = null);
