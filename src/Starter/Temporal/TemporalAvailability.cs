using Temporalio.Client;
using Temporalio.Exceptions;

namespace FineTuneWorkflows.Starter.Temporal;

/// <summary>Tells a Temporal server that cannot be reached from every other failure.</summary>
public static class TemporalAvailability
{
    /// <summary>
    /// An RPC the server could not take (down, unreachable), or a lazy connect that failed: the
    /// SDK reports the latter as a bare InvalidOperationException, recognisable only by the
    /// connection having never come up.
    /// </summary>
    public static bool IsUnavailable(Exception error, ITemporalClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        return error switch
        {
            RpcException rpc => rpc.Code is RpcException.StatusCode.Unavailable,
            InvalidOperationException => !client.Connection.IsConnected,
            WorkflowUpdateRpcTimeoutOrCanceledException { InnerException: { } inner } => IsUnavailable(inner, client),
            _ => false,
        };
    }
}
