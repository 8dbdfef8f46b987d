using System.Diagnostics;
using FineTuneWorkflows.Activities.Provider;
using Temporalio.Activities;
using Temporalio.Exceptions;

namespace FineTuneWorkflows.Activities.Creation;

/// <summary>
/// Provider calls that never outlive their activity attempt. Temporal starts the next attempt
/// once no heartbeat has reached it within the heartbeat timeout T; the SDK holds heartbeats back
/// for up to min(0.8 T, 60 s), so after a heartbeat the server's deadline is at least
/// <see cref="Margin"/> away. Each call is preceded by a heartbeat; the moment before its request
/// leaves, more than a quarter of that margin since the heartbeat means the attempt was frozen
/// (a paused VM, a long collection) and it gives up rather than send; and the call is cut off after
/// half of the margin. So a call is over before any later attempt can begin — up to what happens
/// inside the HTTP stack between that last check and the socket, and on the far side of the wire
/// (a gateway may still hold the request: see <see cref="ProviderOptions.CreateSettleTime"/>).
/// </summary>
public sealed class GuardedCalls
{
    /// <summary>The failure type of an attempt that stalled between its heartbeat and a call.</summary>
    public const string StalledError = "ActivityAttemptStalled";

    public static readonly TimeSpan DefaultHeartbeatTimeout = TimeSpan.FromMinutes(2);

    /// <summary>The SDK's default cap on how long it holds a heartbeat back.</summary>
    public static readonly TimeSpan MaxHeartbeatThrottle = TimeSpan.FromSeconds(60);

    private readonly TimeSpan margin;
    private readonly FineTuningClient bounded;
    private long lastBeat = Stopwatch.GetTimestamp();

    public GuardedCalls(FineTuningClient client, TimeSpan? heartbeatTimeout)
    {
        ArgumentNullException.ThrowIfNull(client);
        margin = Margin(heartbeatTimeout ?? DefaultHeartbeatTimeout);
        bounded = client.Guarded(margin / 2, EnsureNotStalled);
    }

    /// <summary>How long after a heartbeat the server's deadline is at the earliest.</summary>
    public static TimeSpan Margin(TimeSpan heartbeatTimeout)
    {
        var throttle = heartbeatTimeout * 0.8;
        return heartbeatTimeout - (throttle < MaxHeartbeatThrottle ? throttle : MaxHeartbeatThrottle);
    }

    /// <summary>The longest one call may take.</summary>
    public TimeSpan CallLimit => bounded.RequestTimeout;

    /// <summary>Heartbeats <paramref name="progress"/>, then makes the call, bounded.</summary>
    public Task<T> RunAsync<T>(object progress, Func<FineTuningClient, Task<T>> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        lastBeat = Stopwatch.GetTimestamp();
        ActivityExecutionContext.Current.Heartbeat(progress);
        return call(bounded);
    }

    private void EnsureNotStalled()
    {
        var stalled = Stopwatch.GetElapsedTime(lastBeat);
        if (stalled > margin / 4)
        {
            throw new ApplicationFailureException(
                $"This attempt stalled for {stalled.TotalSeconds:0.#} s after a heartbeat; a later attempt may already be running, so it makes no further call",
                StalledError);
        }
    }
}
