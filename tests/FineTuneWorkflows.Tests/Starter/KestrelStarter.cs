namespace FineTuneWorkflows.Tests.Starter;

/// <summary>The starter on real Kestrel at a loopback port, for requests sent byte for byte (see <see cref="Support.RawHttp"/>).</summary>
public sealed class KestrelStarter : StarterFactory
{
    public KestrelStarter()
    {
        UseKestrel(0);
    }

    public Uri Address
    {
        get
        {
            StartServer();
            return ClientOptions.BaseAddress;
        }
    }
}
