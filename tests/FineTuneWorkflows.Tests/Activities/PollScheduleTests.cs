using FineTuneWorkflows.Activities.Polling;

namespace FineTuneWorkflows.Tests.Activities;

public class PollScheduleTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly PollPolicy Policy = PollPolicy.Default;

    private static TimeSpan After(TimeSpan waited, DateTimeOffset? eta = null) =>
        PollSchedule.NextInterval(Policy, Start, Start + waited, eta);

    [Fact]
    public void NextInterval_AtTheStart_IsTheMinimum() =>
        Assert.Equal(Policy.MinInterval, After(TimeSpan.Zero));

    [Fact]
    public void NextInterval_GrowsWithTimeWaited()
    {
        Assert.Equal(TimeSpan.FromSeconds(15), After(TimeSpan.FromMinutes(5)));
        Assert.True(After(TimeSpan.FromMinutes(5)) < After(TimeSpan.FromMinutes(9)));
    }

    [Theory]
    [InlineData(10)]
    [InlineData(30)]
    [InlineData(59)]
    public void NextInterval_WithinTheFirstHour_NeverExceedsTheQuickCap(int minutes) =>
        Assert.True(After(TimeSpan.FromMinutes(minutes)) <= Policy.QuickMaxInterval);

    [Theory]
    [InlineData(1.5)]
    [InlineData(10)]
    [InlineData(72)]
    public void NextInterval_AfterTheFirstHour_StaysWithinTheShareOfElapsedTime(double hours)
    {
        var waited = TimeSpan.FromHours(hours);

        var interval = After(waited);

        Assert.True(interval <= waited * Policy.ElapsedFraction, $"{interval} > 5% of {waited}");
        Assert.True(interval <= Policy.MaxInterval);
        Assert.True(interval > Policy.QuickMaxInterval);
    }

    [Fact]
    public void NextInterval_EstimatedFinishBeforeTheNextPoll_PollsJustAfterIt()
    {
        var waited = TimeSpan.FromHours(5);
        var eta = Start + waited + TimeSpan.FromSeconds(40);

        Assert.Equal(TimeSpan.FromSeconds(41), After(waited, eta));
    }

    [Fact]
    public void NextInterval_EstimatedFinishPassed_FallsBackToTheQuickCadence() =>
        Assert.Equal(Policy.QuickMaxInterval, After(TimeSpan.FromHours(5), Start + TimeSpan.FromHours(4)));

    [Fact]
    public void NextInterval_EstimatedFinishFarAway_DoesNotChangeTheCadence() =>
        Assert.Equal(After(TimeSpan.FromHours(2)), After(TimeSpan.FromHours(2), Start + TimeSpan.FromHours(9)));

    [Fact]
    public void Problems_OfABadPolicy_AreNamed()
    {
        var bad = Policy with { MinInterval = TimeSpan.Zero, ElapsedFraction = 2 };

        Assert.Equal(2, bad.Problems().Count);
        Assert.Empty(Policy.Problems());
    }
}
