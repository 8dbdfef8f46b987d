namespace FineTuneWorkflows.Tests.Starter;

/// <summary>The starter on real Kestrel at a loopback port, for requests sent byte for byte (see <see cref="Support.RawHttp"/>).</summary>
public sealed class KestrelStarter : StarterFactory
{
    public KestrelStarter()
    {
        UseKestrel(0);
    }

    private KestrelStarter(IReadOnlyDictionary<string, string?> settings, Temporalio.Client.ITemporalClient? client)
        : base(settings, client)
    {
        UseKestrel(0);
    }

    /// <param name="settings">Configuration over the test defaults.</param>
    /// <param name="client">A live Temporal client, or null for Temporal out of reach.</param>
    public static KestrelStarter With(IReadOnlyDictionary<string, string?> settings, Temporalio.Client.ITemporalClient? client = null) => new(settings, client);

    public Uri Address
    {
        get
        {
            StartServer();
            return ClientOptions.BaseAddress;
        }
    }
}
