namespace FineTuneWorkflows.Worker;

/// <summary>
/// Where Temporal is and how this worker behaves there; the <c>Temporal</c> configuration
/// section. Anything left unset falls back to Temporal's own environment configuration
/// (<c>TEMPORAL_ADDRESS</c>, <c>TEMPORAL_NAMESPACE</c>, <c>TEMPORAL_API_KEY</c>, TLS settings and
/// profiles of <c>temporal.toml</c>), then to a local dev server.
/// </summary>
public sealed class TemporalSettings
{
    public const string Section = "Temporal";

    public const string DefaultAddress = "localhost:7233";

    /// <summary><c>host:port</c> of the frontend: a dev server, a cluster or Temporal Cloud.</summary>
    public string? Address { get; set; }

    public string? Namespace { get; set; }

    /// <summary>Temporal Cloud API key; implies TLS.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Use TLS without client certificates (Temporal Cloud with an API key, for one).</summary>
    public bool? Tls { get; set; }

    /// <summary>The profile of Temporal's configuration file to start from.</summary>
    public string? Profile { get; set; }

    public string TaskQueue { get; set; } = "fine-tuning";

    /// <summary>Activities one worker runs at once; most of them are waits that sleep between polls.</summary>
    public int MaxConcurrentActivities { get; set; } = 200;

    /// <summary>
    /// Activity starts per second across every worker of the task queue (enforced by the server),
    /// so many jobs starting together cannot exceed a provider's rate limit. Null: no limit.
    /// </summary>
    public double? ActivitiesPerSecond { get; set; }

    /// <summary>How long running activities get, on shutdown, to heartbeat and stop before they are abandoned to a retry.</summary>
    public TimeSpan GracefulShutdown { get; set; } = TimeSpan.FromSeconds(20);

    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (Address is { } address && !IsHostAndPort(address))
        {
            problems.Add($"Temporal:Address must be host:port, not '{address}'");
        }

        if (string.IsNullOrWhiteSpace(TaskQueue))
        {
            problems.Add("Temporal:TaskQueue must not be empty");
        }

        if (MaxConcurrentActivities < 1)
        {
            problems.Add("Temporal:MaxConcurrentActivities must be at least 1");
        }

        if (ActivitiesPerSecond is <= 0)
        {
            problems.Add("Temporal:ActivitiesPerSecond must be above 0 (or unset for no limit)");
        }

        if (GracefulShutdown < TimeSpan.Zero)
        {
            problems.Add("Temporal:GracefulShutdown must not be negative");
        }

        return problems;
    }

    private static bool IsHostAndPort(string address)
    {
        var colon = address.LastIndexOf(':');
        return colon > 0 && int.TryParse(address.AsSpan(colon + 1), out var port) && port is > 0 and < 65536;
    }
}
