using Temporalio.Client;
using Temporalio.Common.EnvConfig;

namespace FineTuneWorkflows.Workflows.Temporal;

/// <summary>
/// Where Temporal is, and how a worker behaves there: the <c>Temporal</c> configuration section
/// that the worker and the starter share. Anything left unset falls back to Temporal's own
/// environment configuration (<c>TEMPORAL_ADDRESS</c>, <c>TEMPORAL_NAMESPACE</c>,
/// <c>TEMPORAL_API_KEY</c>, TLS settings and profiles of <c>temporal.toml</c>), then to a local
/// dev server: the same binaries reach a dev server, a cluster or Temporal Cloud.
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

    /// <summary>PEM files for mTLS (a self-hosted cluster, or Cloud with certificates).</summary>
    public string? TlsClientCertPath { get; set; }

    public string? TlsClientKeyPath { get; set; }

    /// <summary>PEM file of the CA that signed the server's certificate, when it is not a public one.</summary>
    public string? TlsServerRootCaCertPath { get; set; }

    /// <summary>Overrides the name checked against the server's certificate.</summary>
    public string? TlsServerName { get; set; }

    /// <summary>Temporal's default limit on a task queue's name (255) less the long-work queue's suffix.</summary>
    public const int MaxTaskQueueLength = 255 - 5;

    public string TaskQueue { get; set; } = "fine-tuning";

    /// <summary>
    /// Activities one worker runs at once on the workflow's queue: creates, cancels and checks, each
    /// a few provider calls (a create may hold its slot for its two-minute settle window).
    /// </summary>
    public int MaxConcurrentActivities { get; set; } = 200;

    /// <summary>Which queues this process polls; <see cref="WorkerQueues.Both"/> unless long work is scaled apart.</summary>
    public WorkerQueues Queues { get; set; } = WorkerQueues.Both;

    /// <summary>Activities one worker runs at once on the long-work queue (<see cref="LongWork"/>): result downloads.</summary>
    public int MaxConcurrentLongActivities { get; set; } = 20;

    /// <summary>
    /// Activity starts per second across every worker of the task queue (enforced by the server),
    /// so many jobs starting together cannot exceed a provider's rate limit. Null: no limit.
    /// </summary>
    public double? ActivitiesPerSecond { get; set; }

    /// <summary>How long running activities get, on shutdown, to heartbeat and stop before they are abandoned to a retry.</summary>
    public TimeSpan GracefulShutdown { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Temporal's standard settings with ours on top; TLS whenever asked for, or implied by an API key or a client certificate.</summary>
    public TemporalClientConnectOptions ConnectOptions()
    {
        var options = new TemporalClientConnectOptions();
        ApplyTo(options);
        return options;
    }

    /// <summary>
    /// Whether <paramref name="e"/>, thrown by <see cref="ApplyTo"/>, is a setting to fix (a
    /// profile that is not in temporal.toml, a certificate that cannot be read), and the words for it.
    /// </summary>
    public static string? ClientProblem(Exception e) => e is InvalidOperationException or IOException or UnauthorizedAccessException
        ? $"Temporal: the client cannot be configured ({e.Message}); check Temporal:Profile and the Temporal:Tls* settings, or TEMPORAL_* and temporal.toml"
        : null;

    /// <summary>
    /// Writes <see cref="ConnectOptions"/> into <paramref name="options"/>, for a caller that owns
    /// the object (the hosting extensions' <c>AddTemporalClient</c> configures its own).
    /// </summary>
    public void ApplyTo(TemporalClientConnectOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        // temporal.toml's profile and the TEMPORAL_* variables: the five things they can set.
        var standard = ClientEnvConfig.LoadClientConnectOptions(new ClientEnvConfig.ProfileLoadOptions { Profile = Profile });
        options.TargetHost = Address ?? standard.TargetHost ?? DefaultAddress;
        options.Namespace = Namespace ?? (string.IsNullOrEmpty(standard.Namespace) ? "default" : standard.Namespace);
        options.ApiKey = ApiKey is { Length: > 0 } apiKey ? apiKey : standard.ApiKey;
        options.RpcMetadata = standard.RpcMetadata;
        options.Tls = standard.Tls;

        var certificates = TlsClientCertPath is not null || TlsServerRootCaCertPath is not null;
        if (Tls == false)
        {
            options.Tls = null;
        }
        else if (Tls == true || options.ApiKey is not null || certificates)
        {
            options.Tls ??= new TlsOptions();
            options.Tls.ClientCert = Read(TlsClientCertPath) ?? options.Tls.ClientCert;
            options.Tls.ClientPrivateKey = Read(TlsClientKeyPath) ?? options.Tls.ClientPrivateKey;
            options.Tls.ServerRootCACert = Read(TlsServerRootCaCertPath) ?? options.Tls.ServerRootCACert;
            options.Tls.Domain = TlsServerName ?? options.Tls.Domain;
        }
    }

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
        else if (TaskQueue.Length > MaxTaskQueueLength)
        {
            // Temporal's default limit is 255; the long-work queue adds its suffix.
            problems.Add($"Temporal:TaskQueue must be at most {MaxTaskQueueLength} characters (its long-work queue adds \"{LongWork.Suffix}\")");
        }

        if (MaxConcurrentActivities < 1)
        {
            problems.Add("Temporal:MaxConcurrentActivities must be at least 1");
        }

        if (MaxConcurrentLongActivities < 1)
        {
            problems.Add("Temporal:MaxConcurrentLongActivities must be at least 1");
        }

        if (!Enum.IsDefined(Queues))
        {
            problems.Add($"Temporal:Queues must be one of {string.Join(", ", Enum.GetNames<WorkerQueues>())}");
        }

        if (ActivitiesPerSecond is <= 0)
        {
            problems.Add("Temporal:ActivitiesPerSecond must be above 0 (or unset for no limit)");
        }

        if (GracefulShutdown < TimeSpan.Zero)
        {
            problems.Add("Temporal:GracefulShutdown must not be negative");
        }

        foreach (var (setting, path) in new[] { ("TlsClientCertPath", TlsClientCertPath), ("TlsClientKeyPath", TlsClientKeyPath), ("TlsServerRootCaCertPath", TlsServerRootCaCertPath) })
        {
            if (path is not null && !File.Exists(path))
            {
                problems.Add($"Temporal:{setting} names '{path}', and there is no file there");
            }
        }

        return problems;
    }

    private static byte[]? Read(string? path) => path is null ? null : File.ReadAllBytes(path);

    private static bool IsHostAndPort(string address)
    {
        var colon = address.LastIndexOf(':');
        return colon > 0 && int.TryParse(address.AsSpan(colon + 1), out var port) && port is > 0 and < 65536;
    }
}
