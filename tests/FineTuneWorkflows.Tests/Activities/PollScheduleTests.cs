using FineTuneWorkflows.Activities.Polling;

namespace FineTuneWorkflows.Tests.Activities;

public class PollScheduleTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly PollPolicy Policy = PollPolicy.Default;

    private static TimeSpan AtAge(TimeSpan age, DateTimeOffset? eta = null) =>
        PollSchedule.NextInterval(Policy, age, Now, eta);

    [Fact]
    public void NextInterval_ForANewJob_IsTheMinimum() =>
        Assert.Equal(Policy.MinInterval, AtAge(TimeSpan.Zero));

    [Fact]
    public void NextInterval_ForANegativeAge_IsTheMinimum() =>
        Assert.Equal(Policy.MinInterval, AtAge(TimeSpan.FromMinutes(-3)));

    [Fact]
    public void NextInterval_GrowsWithTheJobsAge()
    {
        Assert.Equal(TimeSpan.FromSeconds(12), AtAge(TimeSpan.FromMinutes(2)));
        Assert.True(AtAge(TimeSpan.FromMinutes(2)) < AtAge(TimeSpan.FromMinutes(4)));
    }

    [Theory]
    [InlineData(10)]
    [InlineData(30)]
    [InlineData(59)]
    public void NextInterval_WithinTheFirstHour_NeverExceedsThirtySeconds(int minutes) =>
        Assert.Equal(TimeSpan.FromSeconds(30), AtAge(TimeSpan.FromMinutes(minutes)));

    [Theory]
    [InlineData(1.5)]
    [InlineData(3)]
    [InlineData(10)]
    [InlineData(72)]
    public void NextInterval_AfterTheFirstHour_StaysWithinFivePercentOfTheAge(double hours)
    {
        var age = TimeSpan.FromHours(hours);

        var interval = AtAge(age);

        Assert.True(interval <= age * 0.05, $"{interval} > 5% of {age}");
        Assert.True(interval <= Policy.MaxInterval);
        Assert.True(interval > Policy.QuickMaxInterval);
    }

    [Fact]
    public void NextInterval_ForAVeryOldJob_IsCapped() =>
        Assert.Equal(Policy.MaxInterval, AtAge(TimeSpan.FromDays(9)));

    [Fact]
    public void NextInterval_EstimatedFinishBeforeTheNextPoll_PollsJustAfterIt() =>
        Assert.Equal(TimeSpan.FromSeconds(41), AtAge(TimeSpan.FromHours(5), Now + TimeSpan.FromSeconds(40)));

    [Fact]
    public void NextInterval_EstimatedFinishPassed_FallsBackToTheQuickCadence() =>
        Assert.Equal(Policy.QuickMaxInterval, AtAge(TimeSpan.FromHours(5), Now - TimeSpan.FromMinutes(1)));

    [Fact]
    public void NextInterval_EstimatedFinishFarAway_DoesNotChangeTheCadence() =>
        Assert.Equal(AtAge(TimeSpan.FromHours(2)), AtAge(TimeSpan.FromHours(2), Now + TimeSpan.FromHours(7)));

    [Fact]
    public void Problems_OfABadPolicy_AreNamed()
    {
        var bad = Policy with { MinInterval = TimeSpan.Zero, ElapsedFraction = 2, HeartbeatInterval = TimeSpan.Zero };

        Assert.Equal(3, bad.Problems().Count);
        Assert.Empty(Policy.Problems());
    }

    [Theory]
    [InlineData(1_800_000_000L, true)]
    [InlineData(253_402_300_799L, true)]
    [InlineData(253_402_300_800L, false)]
    [InlineData(1_800_000_000_000L, false)]
    [InlineData(-62_135_596_800L, true)]
    [InlineData(-62_135_596_801L, false)]
    public void Instant_AUnixTime_IsOneOnlyWithinWhatADateCanHold(long seconds, bool isTime) =>
        Assert.Equal(isTime ? DateTimeOffset.UnixEpoch.AddSeconds(seconds) : null, PollSchedule.Instant(seconds));

    [Fact]
    public void Instant_None_IsNone() =>
        Assert.Null(PollSchedule.Instant(null));

    [Fact]
    public void Problems_NotANumberAsAFraction_IsOne() =>
        Assert.Contains("QuickFraction and ElapsedFraction must be in (0, 1]", (Policy with { ElapsedFraction = double.NaN }).Problems());
}
