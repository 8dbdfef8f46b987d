using FineTuneWorkflows.Activities.Creation;
using FineTuneWorkflows.Wire;

namespace FineTuneWorkflows.Tests.Creation;

/// <summary>What the provider listed before the first create: nothing in it, nor older, is ever new.</summary>
public class JobsBeforeTests
{
    private static FineTuningJob Job(string id, long? created) => new() { Id = id, CreatedAt = created };

    [Fact]
    public void From_NewestPage_KeepsEveryJobWithinTwoMinutesOfTheNewestAndItsTime()
    {
        var before = JobsBefore.From([Job("a", 1000), Job("b", 1000), Job("c", 880), Job("d", 879)]);

        Assert.Equal(["a", "b", "c"], before.Ids);
        Assert.Equal(1000, before.NewestCreatedAt);
    }

    [Fact]
    public void From_PageNotNewestFirst_KeepsOnlyTheIdsListed()
    {
        // An oldest-first list's first page holds the oldest jobs: their times bound nothing.
        var before = JobsBefore.From([Job("a", 10), Job("b", 20), Job("c", 30)]);

        Assert.Equal(["a", "b", "c"], before.Ids);
        Assert.Null(before.NewestCreatedAt);
    }

    [Theory]
    [InlineData(new long[] { 30, 20, 20, 10 }, true)]
    [InlineData(new long[] { 30 }, true)]
    [InlineData(new long[] { }, true)]
    [InlineData(new long[] { 10, 20 }, false)]
    [InlineData(new long[] { 30, 10, 20 }, false)]
    public void IsNewestFirst_Page_SaysWhetherTimesNeverRise(long[] times, bool newestFirst) =>
        Assert.Equal(newestFirst, JobsBefore.IsNewestFirst([.. times.Select((t, i) => Job($"j{i}", t))]));

    [Fact]
    public void From_NoCreationTimes_KeepsEveryId()
    {
        var before = JobsBefore.From([Job("a", null), Job("b", null)]);

        Assert.Equal(["a", "b"], before.Ids);
        Assert.Null(before.NewestCreatedAt);
    }

    [Fact]
    public void From_NothingListed_IsEmpty()
    {
        var before = JobsBefore.From([]);

        Assert.Empty(before.Ids);
        Assert.Null(before.NewestCreatedAt);
    }

    [Theory]
    [InlineData("a", 1000L, true)]
    [InlineData("x", 879L, true)]
    [InlineData("x", 880L, false)]
    [InlineData("x", 999L, false)]
    [InlineData("x", 1001L, false)]
    [InlineData("x", null, false)]
    public void Existed_ListedOrMoreThanTwoMinutesOlderThanTheNewest_ExistedBefore(string id, long? created, bool existed) =>
        Assert.Equal(existed, new JobsBefore(["a"], 1000).Existed(Job(id, created)));

    [Fact]
    public void Existed_NothingWasListed_OnlyByIdWhenNoTimeIsKnown()
    {
        Assert.False(new JobsBefore([], null).Existed(Job("x", 5)));
        Assert.True(new JobsBefore(["x"], null).Existed(Job("x", 5)));
    }
}
