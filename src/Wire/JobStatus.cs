namespace FineTuneWorkflows.Wire;

/// <summary>
/// The OpenAI job statuses, and the one place where every provider's spelling is mapped onto them.
/// </summary>
public static class JobStatus
{
    public const string ValidatingFiles = "validating_files";
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";
    public const string Pausing = "pausing";
    public const string Paused = "paused";

    /// <summary>Vertex and Azure report a cancel in progress; OpenAI goes straight to cancelled.</summary>
    public const string Cancelling = "cancelling";

    /// <summary>What a job reports before a provider has said anything we could read.</summary>
    public const string Unknown = "unknown";

    /// <summary>
    /// Maps a provider's status onto the OpenAI vocabulary. Azure says created/pending/notRunning
    /// for a queued job and "canceled"; Vertex (through Portkey) says JOB_STATE_*. A status we do
    /// not know is kept, lower-cased, and treated as non-terminal by everything downstream.
    /// </summary>
    public static string Normalize(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return Unknown;
        }

        var status = raw.Trim().ToLowerInvariant();
        if (status.StartsWith("job_state_", StringComparison.Ordinal))
        {
            status = status["job_state_".Length..];
        }

        return status switch
        {
            "validating_files" or "validating" => ValidatingFiles,
            "queued" or "created" or "pending" or "notrunning" => Queued,
            "running" or "in_progress" or "updating" => Running,
            "succeeded" or "success" or "completed" => Succeeded,
            "failed" or "failure" or "expired" => Failed,
            "cancelled" or "canceled" => Cancelled,
            "pausing" => Pausing,
            "cancelling" or "canceling" => Cancelling,
            "paused" => Paused,
            _ => status,
        };
    }

    /// <summary>Succeeded, failed and cancelled are final: no provider moves a job on from them.</summary>
    public static bool IsTerminal(string status) =>
        status is Succeeded or Failed or Cancelled;
}
