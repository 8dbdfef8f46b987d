namespace FineTuneWorkflows.Activities.Polling;

/// <summary>The pure rule behind the wait activity's cadence.</summary>
public static class PollSchedule
{
    /// <summary>
    /// The wait before the next call: a share of the job's age, at least
    /// <see cref="PollPolicy.MinInterval"/>, at most the quick cap during the job's first hour
    /// (then the overall cap). When the provider's <c>estimated_finish</c> falls before the next
    /// call, we call right after it instead; once it has passed, the job should end any moment,
    /// so we go back to the quick cadence.
    /// </summary>
    public static TimeSpan NextInterval(PollPolicy policy, TimeSpan jobAge, DateTimeOffset now, DateTimeOffset? estimatedFinish)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var age = jobAge < TimeSpan.Zero ? TimeSpan.Zero : jobAge;
        var overdue = estimatedFinish is { } finish && finish <= now;
        var interval = age < policy.QuickPeriod || overdue
            ? Clamp(age * policy.QuickFraction, policy.MinInterval, policy.QuickMaxInterval)
            : Clamp(age * policy.ElapsedFraction, policy.MinInterval, policy.MaxInterval);

        if (estimatedFinish is { } eta && eta > now && eta < now + interval)
        {
            interval = Clamp(eta - now + TimeSpan.FromSeconds(1), policy.MinInterval, interval);
        }

        return interval;
    }

    /// <summary>
    /// A provider's Unix time in seconds, or null when absent or no time at all: a provider that
    /// sends milliseconds or microseconds there would otherwise throw wherever it is read.
    /// </summary>
    public static DateTimeOffset? Instant(long? unixSeconds) =>
        unixSeconds is { } seconds && seconds >= MinUnixSeconds && seconds <= MaxUnixSeconds ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null;

    private static readonly long MinUnixSeconds = DateTimeOffset.MinValue.ToUnixTimeSeconds();
    private static readonly long MaxUnixSeconds = DateTimeOffset.MaxValue.ToUnixTimeSeconds();

    private static TimeSpan Clamp(TimeSpan value, TimeSpan min, TimeSpan max) =>
        value < min ? min : value > max ? max : value;
}
