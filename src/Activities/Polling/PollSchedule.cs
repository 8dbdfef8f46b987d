namespace FineTuneWorkflows.Activities.Polling;

/// <summary>The pure rule behind the wait activity's cadence.</summary>
public static class PollSchedule
{
    /// <summary>
    /// The wait before the next call. It is a fixed share of the time spent waiting so far,
    /// bounded below by <see cref="PollPolicy.MinInterval"/> and above by the quick-phase cap
    /// (then the overall cap). When the provider's <c>estimated_finish</c> falls before the next
    /// call, we call right after it instead; once it has passed, the job should end any moment,
    /// so we stay at the quick cadence.
    /// </summary>
    public static TimeSpan NextInterval(PollPolicy policy, DateTimeOffset waitingSince, DateTimeOffset now, DateTimeOffset? estimatedFinish)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var waited = now - waitingSince;
        if (waited < TimeSpan.Zero)
        {
            waited = TimeSpan.Zero;
        }

        var overdue = estimatedFinish is { } finish && finish <= now;
        var cap = waited < policy.QuickPeriod || overdue ? policy.QuickMaxInterval : policy.MaxInterval;
        var interval = Clamp(waited * policy.ElapsedFraction, policy.MinInterval, cap);

        if (estimatedFinish is { } eta && eta > now && eta < now + interval)
        {
            interval = Clamp(eta - now + TimeSpan.FromSeconds(1), policy.MinInterval, interval);
        }

        return interval;
    }

    private static TimeSpan Clamp(TimeSpan value, TimeSpan min, TimeSpan max) =>
        value < min ? min : value > max ? max : value;
}
