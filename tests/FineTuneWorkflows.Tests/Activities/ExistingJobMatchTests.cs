using FineTuneWorkflows.Activities.Creation;
using FineTuneWorkflows.Activities.Provider;

namespace FineTuneWorkflows.Tests.Activities;

public class ExistingJobMatchTests
{
    private static readonly DateTimeOffset RequestedAt = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
    private static readonly CreateFineTuningJobRequest Request = new() { Model = "gpt-4o-mini", TrainingFile = "file-train", ValidationFile = "file-val", Suffix = "bot" };

    private static FineTuningJob Job(Func<FineTuningJob, FineTuningJob>? change = null)
    {
        var job = new FineTuningJob
        {
            Id = "ftjob-1",
            Model = "gpt-4o-mini-2024-07-18",
            TrainingFile = "file-train",
            ValidationFile = "file-val",
            CreatedAt = RequestedAt.ToUnixTimeSeconds() + 3,
        };
        return change is null ? job : change(job);
    }

    [Fact]
    public void IsLikelyOurs_SameRequestInTheWindow_Matches() =>
        Assert.True(ExistingJobMatch.IsLikelyOurs(Job(), Request, "key-1", RequestedAt));

    [Fact]
    public void IsLikelyOurs_WithinClockSkewBeforeTheRequest_Matches() =>
        Assert.True(ExistingJobMatch.IsLikelyOurs(Job(j => j with { CreatedAt = RequestedAt.ToUnixTimeSeconds() - 60 }), Request, "key-1", RequestedAt));

    [Theory]
    [InlineData("model")]
    [InlineData("training_file")]
    [InlineData("validation_file")]
    [InlineData("suffix")]
    [InlineData("too_old")]
    [InlineData("no_created_at")]
    [InlineData("other_key")]
    public void IsLikelyOurs_AnyDifference_DoesNotMatch(string difference)
    {
        var job = Job(j => difference switch
        {
            "model" => j with { Model = "gpt-4o" },
            "training_file" => j with { TrainingFile = "file-other" },
            "validation_file" => j with { ValidationFile = null },
            "suffix" => j with { Suffix = "other" },
            "too_old" => j with { CreatedAt = RequestedAt.ToUnixTimeSeconds() - 3600 },
            "no_created_at" => j with { CreatedAt = null },
            _ => j with { Metadata = new() { [ExistingJobMatch.MetadataKey] = "key-2" } },
        });

        Assert.False(ExistingJobMatch.IsLikelyOurs(job, Request, "key-1", RequestedAt));
    }

    [Fact]
    public void Mark_AddsTheKeyAndKeepsTheUsersMetadata()
    {
        var marked = ExistingJobMatch.Mark(Request with { Metadata = new() { ["team"] = "ml" } }, "key-1");

        Assert.Equal("ml", marked.Metadata!["team"]);
        Assert.Equal("key-1", marked.Metadata[ExistingJobMatch.MetadataKey]);
        Assert.True(ExistingJobMatch.IsMarked(Job(j => j with { Metadata = marked.Metadata }), "key-1"));
    }

    [Fact]
    public void Mark_SixteenUserPairs_LeavesNoRoomAndSaysSo()
    {
        var full = Enumerable.Range(0, 16).ToDictionary(i => $"k{i}", _ => "v");

        var error = Assert.Throws<InvalidRequestException>(() => ExistingJobMatch.Mark(Request with { Metadata = full }, "key-1"));

        Assert.Contains("at most 15", error.Message, StringComparison.Ordinal);
    }
}
