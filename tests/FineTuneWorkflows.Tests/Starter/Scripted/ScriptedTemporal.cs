using System.Collections.Concurrent;
using Temporalio.Client;
using Temporalio.Client.Interceptors;

namespace FineTuneWorkflows.Tests.Starter.Scripted;

/// <summary>
/// A Temporal that answers from memory, for API tests where no server can run: a client
/// interceptor that never calls on, so every start, describe and query the starter makes lands
/// here. It keeps what the starter sent at start (memo above all), as a server would, and
/// follows the conflict policies the starter uses: a running workflow is joined, a closed one
/// refuses a second start.
/// </summary>
public sealed class ScriptedTemporal : IClientInterceptor
{
    public ScriptedTemporal()
    {
        Client = TemporalClient.CreateLazy(new TemporalClientConnectOptions("127.0.0.1:1") { Interceptors = [this] });
    }

    /// <summary>A client whose every call is answered here; its connection is never used.</summary>
    public ITemporalClient Client { get; }

    public ConcurrentDictionary<string, ScriptedWorkflow> Workflows { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// When set, a new workflow fails to create its job, with this provider error type. It stays
    /// running (a test closes it by changing its status): the moment in which a second create
    /// joins it before it fails, and gets the same refusal.
    /// </summary>
    public string? RefuseWith { get; set; }

    public int Starts { get; set; }

    /// <summary>Describes answered so far: a test waits on these to know the starter has looked.</summary>
    public int Describes => Volatile.Read(ref describeCount);

    private int describeCount;

    internal void CountDescribe() => Interlocked.Increment(ref describeCount);

    public ClientOutboundInterceptor InterceptClient(ClientOutboundInterceptor nextInterceptor) => new ScriptedOutbound(nextInterceptor, this);
}
