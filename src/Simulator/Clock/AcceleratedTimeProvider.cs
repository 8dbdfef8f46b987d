namespace FineTuneWorkflows.Simulator.Clock;

/// <summary>
/// Virtual time that runs <c>scale</c> times faster than an inner clock, so a ten-hour job
/// finishes in seconds: now = origin + elapsed × scale, and timers wait due / scale.
/// </summary>
public sealed class AcceleratedTimeProvider : TimeProvider
{
    private readonly TimeProvider inner;
    private readonly DateTimeOffset origin;
    private readonly long startTimestamp;

    public AcceleratedTimeProvider(double scale, TimeProvider? inner = null, DateTimeOffset? origin = null)
    {
        if (!double.IsFinite(scale) || scale <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, "must be a positive finite number");
        }

        Scale = scale;
        this.inner = inner ?? System;
        this.origin = origin ?? this.inner.GetUtcNow();
        startTimestamp = this.inner.GetTimestamp();
    }

    public double Scale { get; }

    public override TimeZoneInfo LocalTimeZone => inner.LocalTimeZone;

    public override long TimestampFrequency => inner.TimestampFrequency;

    public override DateTimeOffset GetUtcNow() => origin + (inner.GetElapsedTime(startTimestamp) * Scale);

    /// <summary>Timestamps keep the inner frequency but advance <see cref="Scale"/> times faster, so elapsed times agree with <see cref="GetUtcNow"/>.</summary>
    public override long GetTimestamp() => startTimestamp + (long)((inner.GetTimestamp() - startTimestamp) * Scale);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        new ScaledTimer(inner.CreateTimer(callback, state, ToInner(dueTime), ToInner(period)), this);

    /// <summary>A virtual span as the inner clock measures it; "infinite" stays infinite.</summary>
    internal TimeSpan ToInner(TimeSpan virtualSpan) =>
        virtualSpan == Timeout.InfiniteTimeSpan ? virtualSpan : virtualSpan / Scale;

    private sealed class ScaledTimer(ITimer timer, AcceleratedTimeProvider clock) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => timer.Change(clock.ToInner(dueTime), clock.ToInner(period));

        public void Dispose() => timer.Dispose();

        public ValueTask DisposeAsync() => timer.DisposeAsync();
    }
}
