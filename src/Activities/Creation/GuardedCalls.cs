using System.Diagnostics;
using FineTuneWorkflows.Activities.Provider;
using Temporalio.Activities;
using Temporalio.Exceptions;

namespace FineTuneWorkflows.Activities.Creation;

/// <summary>
/// Provider calls that never outlive their activity attempt. Temporal starts the next attempt
/// once no heartbeat has reached it within the heartbeat timeout T; the SDK holds heartbeats back
/// for up to min(0.8 T, 60 s), so after a heartbeat the server's deadline is at least
/// <see cref="Margin"/> away. Each call is preceded by a heartbeat, must start within a quarter
/// of that margin (a process paused longer gives up rather than send) and is cut off after half
/// of it: the call is over before any later attempt can begin.
/// </summary>
public sealed class GuardedCalls(FineTuningClient client, TimeSpan? heartbeatTimeout)
{
    /// <summary>The failure type of an attempt that stalled between its heartbeat and a call.</summary>
    public const string StalledError = "ActivityAttemptStalled";

    public static readonly TimeSpan DefaultHeartbeatTimeout = TimeSpan.FromMinutes(2);

    /// <summary>The SDK's default cap on how long it holds a heartbeat back.</summary>
    public static readonly TimeSpan MaxHeartbeatThrottle = TimeSpan.FromSeconds(60);

    private readonly TimeSpan margin = Margin(heartbeatTimeout ?? DefaultHeartbeatTimeout);

    private readonly FineTuningClient bounded = client.WithTimeout(Margin(heartbeatTimeout ?? DefaultHeartbeatTimeout) / 2);

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
        var beat = Stopwatch.GetTimestamp();
        ActivityExecutionContext.Current.Heartbeat(progress);
        var stalled = Stopwatch.GetElapsedTime(beat);
        if (stalled > margin / 4)
        {
            throw new ApplicationFailureException(
                $"This attempt stalled for {stalled.TotalSeconds:0.#} s after a heartbeat; a later attempt may already be running, so it makes no further call",
                StalledError);
        }

        return call(bounded);
    }
}
