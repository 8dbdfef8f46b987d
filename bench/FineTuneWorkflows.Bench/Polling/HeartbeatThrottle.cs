namespace FineTuneWorkflows.Bench.Polling;

/// <summary>
/// Which heartbeats reach the server. The SDK sends the first at once, then at most one per
/// throttle interval — 80 % of the heartbeat timeout, capped at <c>MaxHeartbeatThrottleInterval</c>
/// (60 s by default): 60 s for the wait's 2-minute timeout — flushing the latest held one when the
/// interval ends, and dropping one still held when the activity completes.
/// </summary>
public static class HeartbeatThrottle
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(60);

    public static int Sent(IReadOnlyList<DateTimeOffset> calls, DateTimeOffset completed)
    {
        ArgumentNullException.ThrowIfNull(calls);
        var sent = 0;
        DateTimeOffset? last = null;
        var held = false;
        foreach (var at in calls)
        {
            if (held && at >= last!.Value + Interval)
            {
                sent++;
                last = last.Value + Interval;
                held = false;
            }

            if (last is null || at - last.Value >= Interval)
            {
                sent++;
                last = at;
            }
            else
            {
                held = true;
            }
        }

        return held && last!.Value + Interval <= completed ? sent + 1 : sent;
    }
}
