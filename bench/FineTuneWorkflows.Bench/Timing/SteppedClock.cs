namespace FineTuneWorkflows.Bench.Timing;

/// <summary>
/// Discrete-event virtual time for the polling benchmark. The clock stands still while anything
/// runs (an HTTP call to the simulator, activity code); when every actor is asleep on one of
/// its timers, it jumps to the earliest due timer and fires it. A ten-hour job takes as long as
/// its polls take, and no real millisecond ever shows up as virtual latency: what is measured is
/// the poll policy alone. (An accelerated clock at 1000× would turn each real millisecond of
/// HTTP or timer slack into a virtual second of "latency".)
/// </summary>
public sealed class SteppedClock(DateTimeOffset start) : TimeProvider, IDisposable
{
    private readonly Lock gate = new();
    private readonly List<SteppedTimer> armed = [];
    private readonly SemaphoreSlim changed = new(0);
    private DateTimeOffset now = start;
    private int actors;
    private long steps;

    public long Steps => Interlocked.Read(ref steps);

    public void Dispose() => changed.Dispose();

    public override DateTimeOffset GetUtcNow()
    {
        lock (gate)
        {
            return now;
        }
    }

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new SteppedTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>
    /// Runs <paramref name="actors"/> concurrently in virtual time: each may call the simulator and
    /// sleep on this clock (and only this clock) as it likes. Returns when all have finished.
    /// </summary>
    public async Task RunAsync(IReadOnlyList<Func<Task>> actorBodies, TimeSpan stallLimit)
    {
        ArgumentNullException.ThrowIfNull(actorBodies);
        lock (gate)
        {
            actors = actorBodies.Count;
        }

        var running = actorBodies.Select(body => Task.Run(async () =>
        {
            try
            {
                await body();
            }
            finally
            {
                lock (gate)
                {
                    actors--;
                }

                changed.Release();
            }
        })).ToList();
        var all = Task.WhenAll(running);
        var lastProgress = DateTime.UtcNow;
        while (!all.IsCompleted)
        {
            List<SteppedTimer>? due = null;
            lock (gate)
            {
                // Quiet: every live actor sleeps on a timer (an actor holds one at a time).
                if (actors > 0 && armed.Count >= actors)
                {
                    var next = armed.Min(t => t.Due);
                    if (next > now)
                    {
                        now = next;
                    }

                    due = [.. armed.Where(t => t.Due <= now)];
                    foreach (var timer in due)
                    {
                        armed.Remove(timer);
                    }

                    steps++;
                }
            }

            if (due is null)
            {
                if (!await changed.WaitAsync(TimeSpan.FromSeconds(1)) && DateTime.UtcNow - lastProgress > stallLimit)
                {
                    throw new TimeoutException($"virtual time stalled: {actors} actors, {armed.Count} timers");
                }

                continue;
            }

            lastProgress = DateTime.UtcNow;
            foreach (var timer in due)
            {
                timer.Fire();
            }
        }

        await all;
    }

    private void Arm(SteppedTimer timer, TimeSpan dueTime, TimeSpan period)
    {
        lock (gate)
        {
            armed.Remove(timer);
            if (dueTime != Timeout.InfiniteTimeSpan)
            {
                timer.Due = now + dueTime;
                timer.Period = period;
                armed.Add(timer);
            }
        }

        changed.Release();
    }

    private void Disarm(SteppedTimer timer)
    {
        lock (gate)
        {
            armed.Remove(timer);
        }

        changed.Release();
    }

    private sealed class SteppedTimer(SteppedClock clock, TimerCallback callback, object? state) : ITimer
    {
        public DateTimeOffset Due { get; set; }

        public TimeSpan Period { get; set; } = Timeout.InfiniteTimeSpan;

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            clock.Arm(this, dueTime, period);
            return true;
        }

        public void Fire()
        {
            if (Period != Timeout.InfiniteTimeSpan && Period > TimeSpan.Zero)
            {
                clock.Arm(this, Period, Period);
            }

            callback(state);
        }

        public void Dispose() => clock.Disarm(this);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
