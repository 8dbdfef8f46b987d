using Temporalio.Client;
using Temporalio.Common.EnvConfig;

namespace FineTuneWorkflows.Worker;

/// <summary>Temporal's standard client settings, overlaid with ours: the same binary runs against a dev server, a cluster or Temporal Cloud.</summary>
public static class TemporalConnection
{
    public static TemporalClientConnectOptions Options(TemporalSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var options = ClientEnvConfig.LoadClientConnectOptions(new ClientEnvConfig.ProfileLoadOptions { Profile = settings.Profile });
        options.TargetHost = settings.Address ?? options.TargetHost ?? TemporalSettings.DefaultAddress;
        options.Namespace = settings.Namespace ?? (string.IsNullOrEmpty(options.Namespace) ? "default" : options.Namespace);
        if (settings.ApiKey is { Length: > 0 } apiKey)
        {
            options.ApiKey = apiKey;
        }

        if (settings.Tls == false)
        {
            options.Tls = null;
        }
        else if (settings.Tls == true || options.ApiKey is not null)
        {
            // Temporal Cloud takes API keys over TLS only.
            options.Tls ??= new TlsOptions();
        }

        return options;
    }
}
