namespace FineTuneWorkflows.Bench.Polling;

/// <summary>What one design's wait cost for one job, counted as it ran.</summary>
/// <param name="Attempts">Activity attempts the wait started (each a billable action).</param>
/// <param name="Heartbeats">Heartbeats that would reach the server after the SDK's throttle (see <see cref="HeartbeatThrottle"/>).</param>
/// <param name="Timers">Workflow timers the wait started.</param>
/// <param name="SlotTime">Time a worker activity slot was held: virtual time inside activities plus the real time of their provider calls.</param>
/// <param name="IdleSlotTime">Of that, virtual time inside activities, which is time between polls: the clock stands still during calls.</param>
public sealed record Spend(int Attempts, int Heartbeats, int Timers, TimeSpan SlotTime, TimeSpan IdleSlotTime)
{
    public static readonly Spend None = new(0, 0, 0, TimeSpan.Zero, TimeSpan.Zero);

    public Spend Add(Spend other) => new(
        Attempts + other.Attempts, Heartbeats + other.Heartbeats, Timers + other.Timers, SlotTime + other.SlotTime, IdleSlotTime + other.IdleSlotTime);
}
