using FineTuneWorkflows.Starter.Api;

namespace FineTuneWorkflows.Tests.Starter;

public class JobIdsTests
{
    [Fact]
    public void FromIdempotencyKey_SameKey_SameId()
    {
        Assert.Equal(JobIds.FromIdempotencyKey("order-42"), JobIds.FromIdempotencyKey("order-42"));
    }

    [Fact]
    public void FromIdempotencyKey_KnownKey_IsStableAcrossVersions()
    {
        // Pinned (the first 16 bytes of SHA-256 over the versioned domain and the key): a changed
        // mapping would let a retry that straddles an upgrade start a second fine-tune.
        Assert.Equal("ftjob-9b048bebe90c3c71c6e9704fb3999734", JobIds.FromIdempotencyKey("order-42"));
    }

    [Fact]
    public void FromIdempotencyKey_DistinctKeys_DistinctIds()
    {
        var ids = Enumerable.Range(0, 1000).Select(i => JobIds.FromIdempotencyKey($"key-{i}")).ToHashSet();

        Assert.Equal(1000, ids.Count);
        Assert.NotEqual(JobIds.FromIdempotencyKey("a"), JobIds.FromIdempotencyKey("A"));
    }

    [Theory]
    [InlineData("order-42")]
    [InlineData("x")]
    [InlineData("d0c4c5d4-1f1e-4a4e-9a3a-6a2f0f8f8e11")]
    public void FromIdempotencyKey_AnyKey_IsWellFormed(string key)
    {
        var id = JobIds.FromIdempotencyKey(key);

        Assert.True(JobIds.IsWellFormed(id), id);
        Assert.Equal(38, id.Length);
    }

    [Fact]
    public void New_EachCall_FreshWellFormedId()
    {
        var first = JobIds.New();
        var second = JobIds.New();

        Assert.NotEqual(first, second);
        Assert.True(JobIds.IsWellFormed(first));
        Assert.True(JobIds.IsWellFormed(second));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("ftjob-")]
    [InlineData("ftjob-abc123")]
    [InlineData("ftjob-0123456789abcdef0123456789abcdeg")]
    [InlineData("ftjob-0123456789ABCDEF0123456789ABCDEF")]
    [InlineData("ftjob-0123456789abcdef0123456789abcdef0")]
    [InlineData("FTJOB-0123456789abcdef0123456789abcdef")]
    public void IsWellFormed_OtherStrings_False(string? id)
    {
        Assert.False(JobIds.IsWellFormed(id));
    }

    [Theory]
    [InlineData("ok-key_1.2:3", null)]
    [InlineData("", "must be 1 to 255 characters")]
    [InlineData("with space", "must be printable ASCII without spaces")]
    [InlineData("naïve", "must be printable ASCII without spaces")]
    public void ProblemWithIdempotencyKey_Key_Judged(string key, string? problem)
    {
        Assert.Equal(problem, JobIds.ProblemWithIdempotencyKey(key));
    }

    [Fact]
    public void ProblemWithIdempotencyKey_256Characters_Refused()
    {
        Assert.NotNull(JobIds.ProblemWithIdempotencyKey(new string('k', 256)));
        Assert.Null(JobIds.ProblemWithIdempotencyKey(new string('k', 255)));
    }
}
