using FineTuneWorkflows.Wire;
using Temporalio.Exceptions;

namespace FineTuneWorkflows.Activities.Creation;

/// <summary>
/// The final failure of a create (or find) that cannot tell which job is its own: it names the
/// candidates, with status and creation time, so that a person can decide.
/// </summary>
public static class AmbiguousFailure
{
    /// <summary>The failure type.</summary>
    public const string ErrorType = "FineTuneJobAmbiguous";

    /// <summary>Candidates named, which the Web UI and the API show in full; the rest are counted.</summary>
    public const int MaxNamed = 20;

    public static ApplicationFailureException For(CreateVerdict.Ambiguous ambiguous)
    {
        ArgumentNullException.ThrowIfNull(ambiguous);
        var named = ambiguous.Candidates.Count == 0
            ? "no candidate was listed"
            : string.Join(", ", ambiguous.Candidates.Take(MaxNamed).Select(j => $"{j.Id} ({j.Status ?? "status unknown"}, created {Created(j)})"))
              + (ambiguous.Candidates.Count > MaxNamed ? $" and {ambiguous.Candidates.Count - MaxNamed} more" : string.Empty);
        var message = $"Could not tell which provider job this workflow created: {ambiguous.Reason}. Candidates: {named}. " +
            "No job was adopted and no second job was created; check these jobs at the provider and cancel any that is not wanted.";
        return new ApplicationFailureException(
            message, ErrorType, nonRetryable: true, details: [new ProviderErrorDetails("ambiguous_job", message, null, null)]);
    }

    private static string Created(FineTuningJob job) =>
        job.CreatedAt is { } created ? DateTimeOffset.FromUnixTimeSeconds(created).ToString("u", System.Globalization.CultureInfo.InvariantCulture) : "at an unknown time";
}
