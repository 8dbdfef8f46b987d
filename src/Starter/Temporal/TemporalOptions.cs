namespace FineTuneWorkflows.Starter.Temporal;

/// <summary>The <c>Temporal</c> configuration section: where the server is and which queue the workers poll.</summary>
public sealed class TemporalOptions
{
    public const string Section = "Temporal";

    public string Address { get; init; } = "localhost:7233";

    public string Namespace { get; init; } = "default";

    /// <summary>Temporal Cloud API key; sent as a bearer token, and switches TLS on unless <see cref="Tls"/> says otherwise.</summary>
    public string? ApiKey { get; init; }

    public string TaskQueue { get; init; } = "fine-tuning";

    /// <summary>Null: TLS exactly when an API key or a client certificate is set (what Temporal Cloud needs).</summary>
    public bool? Tls { get; init; }

    /// <summary>PEM files for mTLS (a self-hosted cluster or Cloud with certificates).</summary>
    public string? TlsClientCertPath { get; init; }

    public string? TlsClientKeyPath { get; init; }

    /// <summary>PEM file of the CA that signed the server's certificate, when it is not a public one.</summary>
    public string? TlsServerRootCaCertPath { get; init; }

    /// <summary>Overrides the name checked against the server's certificate.</summary>
    public string? TlsServerName { get; init; }

    public bool UsesTls => Tls ?? (!string.IsNullOrEmpty(ApiKey) || !string.IsNullOrEmpty(TlsClientCertPath));
}
