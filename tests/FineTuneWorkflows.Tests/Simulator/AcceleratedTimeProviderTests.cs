using System.Diagnostics;
using FineTuneWorkflows.Simulator.Clock;

namespace FineTuneWorkflows.Tests.Simulator;

public class AcceleratedTimeProviderTests
{
    [Fact]
    public async Task Delay_TenVirtualHours_FinishesInWellUnderFiveRealSeconds()
    {
        var clock = new AcceleratedTimeProvider(100_000);
        var virtualStart = clock.GetUtcNow();
        var real = Stopwatch.StartNew();

        await Task.Delay(TimeSpan.FromHours(10), clock, TestContext.Current.CancellationToken);

        Assert.True(real.Elapsed < TimeSpan.FromSeconds(5), $"took {real.Elapsed} of real time");
        Assert.True(clock.GetUtcNow() - virtualStart >= TimeSpan.FromHours(10) * 0.95, $"only {clock.GetUtcNow() - virtualStart} of virtual time passed");
    }

    [Fact]
    public async Task GetUtcNow_AfterRealWait_AdvancesAboutScaleTimesFaster()
    {
        var clock = new AcceleratedTimeProvider(1000);
        var virtualStart = clock.GetUtcNow();
        var real = Stopwatch.StartNew();

        await Task.Delay(TimeSpan.FromMilliseconds(200), TestContext.Current.CancellationToken);

        var ratio = (clock.GetUtcNow() - virtualStart) / real.Elapsed;
        Assert.InRange(ratio, 900, 1100);
    }

    [Fact]
    public void GetUtcNow_AtStart_IsTheOrigin()
    {
        var origin = new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

        var now = new AcceleratedTimeProvider(60, origin: origin).GetUtcNow();

        Assert.InRange(now - origin, TimeSpan.Zero, TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task GetElapsedTime_FromTimestamps_AgreesWithGetUtcNow()
    {
        var clock = new AcceleratedTimeProvider(500);
        var startNow = clock.GetUtcNow();
        var startTimestamp = clock.GetTimestamp();

        await Task.Delay(TimeSpan.FromMilliseconds(100), TestContext.Current.CancellationToken);

        var byTimestamp = clock.GetElapsedTime(startTimestamp);
        var byNow = clock.GetUtcNow() - startNow;
        Assert.InRange(byTimestamp.TotalSeconds, byNow.TotalSeconds * 0.9, byNow.TotalSeconds * 1.1);
        Assert.True(byTimestamp >= TimeSpan.FromSeconds(40), $"only {byTimestamp}");
    }

    [Fact]
    public async Task CreateTimer_Periodic_FiresAtTheScaledPeriod()
    {
        var clock = new AcceleratedTimeProvider(3600);
        var ticks = 0;
        using var timer = clock.CreateTimer(_ => Interlocked.Increment(ref ticks), null, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));

        await Task.Delay(TimeSpan.FromMilliseconds(500), TestContext.Current.CancellationToken);

        // A virtual minute is about 17 ms of real time, so half a second holds many ticks.
        Assert.True(Volatile.Read(ref ticks) >= 5, $"only {ticks} ticks");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(double.NaN)]
    public void Constructor_NonPositiveScale_Throws(double scale)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new AcceleratedTimeProvider(scale));
    }
}
