using FineTuneWorkflows.Activities.Creation;
using FineTuneWorkflows.Activities.Provider;

namespace FineTuneWorkflows.Tests.Creation;

/// <summary>What the provider listed before the first create: nothing in it, nor older, is ever new.</summary>
public class JobsBeforeTests
{
    private static FineTuningJob Job(string id, long? created) => new() { Id = id, CreatedAt = created };

    [Fact]
    public void From_NewestPage_KeepsEveryJobOfTheNewestSecondAndItsTime()
    {
        var before = JobsBefore.From([Job("a", 100), Job("b", 100), Job("c", 99)]);

        Assert.Equal(["a", "b"], before.Ids);
        Assert.Equal(100, before.NewestCreatedAt);
    }

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
    [InlineData("a", 100L, true)]
    [InlineData("x", 99L, true)]
    [InlineData("x", 100L, false)]
    [InlineData("x", 101L, false)]
    [InlineData("x", null, false)]
    public void Existed_ListedOrOlderThanTheNewest_ExistedBefore(string id, long? created, bool existed) =>
        Assert.Equal(existed, new JobsBefore(["a"], 100).Existed(Job(id, created)));

    [Fact]
    public void Existed_NothingWasListed_OnlyByIdWhenNoTimeIsKnown()
    {
        Assert.False(new JobsBefore([], null).Existed(Job("x", 5)));
        Assert.True(new JobsBefore(["x"], null).Existed(Job("x", 5)));
    }
}
