using System.Text.Json;
using FineTuneWorkflows.Activities.Creation;
using FineTuneWorkflows.Wire;

namespace FineTuneWorkflows.Tests.Creation;

/// <summary>What marks a job as ours: the key in metadata, the key's seed, and fields that can only rule a job out.</summary>
public class JobIdentityTests
{
    private const string Key = "key-1";

    /// <summary>SHA-256 of "FineTuneWorkflows/seed/v1\nkey-1", first four bytes big-endian, top bit cleared: worked out apart from the code.</summary>
    private const long SeedOfKey1 = 1_328_603_131;

    private static readonly CreateFineTuningJobRequest Request = new() { Model = "gpt-4o-mini", TrainingFile = "file-train", ValidationFile = "file-val", Suffix = "bot" };

    private static CreateFineTuningJobRequest Sent => JobIdentity.Mark(Request, Key);

    private static FineTuningJob Job(Func<FineTuningJob, FineTuningJob>? change = null)
    {
        var job = new FineTuningJob
        {
            Id = "ftjob-1",
            Model = "gpt-4o-mini-2024-07-18",
            TrainingFile = "file-train",
            ValidationFile = "file-val",
            CreatedAt = 1_800_000_003,
        };
        return change is null ? job : change(job);
    }

    [Theory]
    [InlineData("key-1", SeedOfKey1)]
    [InlineData("wf-run-7f3a", 951_095_095)]
    [InlineData("", 305_737_259)]
    public void SeedFor_Key_IsTheSha256DerivedValue(string key, long expected) =>
        Assert.Equal(expected, JobIdentity.SeedFor(key));

    [Fact]
    public void Mark_NoSeedGiven_AddsTheKeyAndTheKeysSeedAndKeepsTheUsersMetadata()
    {
        var marked = JobIdentity.Mark(Request with { Metadata = new() { ["team"] = "ml" } }, Key);

        Assert.Equal(new Dictionary<string, string> { ["team"] = "ml", ["ftw_idempotency_key"] = Key }, marked.Metadata);
        Assert.Equal(SeedOfKey1, marked.Seed);
        Assert.Equal(Request.Model, marked.Model);
    }

    [Fact]
    public void Mark_SeedGiven_KeepsTheUsersSeed() =>
        Assert.Equal(42, JobIdentity.Mark(Request with { Seed = 42 }, Key).Seed);

    [Fact]
    public void Mark_FifteenPairsOfMetadata_StillFits() =>
        Assert.Equal(16, JobIdentity.Mark(Request with { Metadata = Enumerable.Range(0, 15).ToDictionary(i => $"k{i}", _ => "v") }, Key).Metadata!.Count);

    [Fact]
    public void Mark_SixteenPairsOfMetadata_IsRefusedNamingTheReason()
    {
        var error = Assert.Throws<InvalidRequestException>(() => JobIdentity.Mark(Request with { Metadata = Enumerable.Range(0, 16).ToDictionary(i => $"k{i}", _ => "v") }, Key));

        Assert.Equal("metadata", error.Param);
        Assert.Contains("at most 15", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Judge_OurKeyInMetadata_IsOursWhateverElseDiffers() =>
        Assert.Equal(Evidence.Ours, JobIdentity.Judge(Job(j => j with { Model = "other", Metadata = new() { ["ftw_idempotency_key"] = Key } }), Sent, Key, seedIsOurs: true, metadataKept: false));

    [Fact]
    public void Judge_AnotherKeyInMetadata_IsNotOurs() =>
        Assert.Equal(Evidence.NotOurs, JobIdentity.Judge(Job(j => j with { Metadata = new() { ["ftw_idempotency_key"] = "key-2" }, Seed = SeedOfKey1 }), Sent, Key, seedIsOurs: true, metadataKept: false));

    [Fact]
    public void Judge_OurSeedEchoedAndNoMetadata_IsASeedMatch() =>
        Assert.Equal(Evidence.SeedMatch, JobIdentity.Judge(Job(j => j with { Seed = SeedOfKey1 }), Sent, Key, seedIsOurs: true, metadataKept: false));

    [Fact]
    public void Judge_AnySeedEchoedWhereWeSentNone_ProvesNothing() =>
        Assert.Equal(Evidence.Unknown, JobIdentity.Judge(Job(j => j with { Seed = 7 }), JobIdentity.Mark(Request, Key, chooseSeed: false), Key, seedIsOurs: false, metadataKept: false));

    [Fact]
    public void Mark_SeedNotToBeChosen_SendsNone() =>
        Assert.Null(JobIdentity.Mark(Request, Key, chooseSeed: false).Seed);

    [Fact]
    public void Judge_AnotherSeedEchoed_IsNotOurs() =>
        Assert.Equal(Evidence.NotOurs, JobIdentity.Judge(Job(j => j with { Seed = 7 }), Sent, Key, seedIsOurs: true, metadataKept: false));

    [Fact]
    public void Judge_TheUsersSeedEchoed_ProvesNothing() =>
        Assert.Equal(Evidence.Unknown, JobIdentity.Judge(Job(j => j with { Seed = 42 }), JobIdentity.Mark(Request with { Seed = 42 }, Key), Key, seedIsOurs: false, metadataKept: false));

    [Fact]
    public void Judge_NoKeyWhereTheProviderKeepsMetadata_IsNotOurs() =>
        Assert.Equal(Evidence.NotOurs, JobIdentity.Judge(Job(j => j with { Seed = SeedOfKey1 }), Sent, Key, seedIsOurs: true, metadataKept: true));

    [Fact]
    public void Judge_OurKeyWhereTheProviderKeepsMetadata_IsOurs() =>
        Assert.Equal(Evidence.Ours, JobIdentity.Judge(Job(j => j with { Metadata = new() { ["ftw_idempotency_key"] = Key } }), Sent, Key, seedIsOurs: false, metadataKept: true));

    [Fact]
    public void Judge_NothingEchoed_IsUnknown() =>
        Assert.Equal(Evidence.Unknown, JobIdentity.Judge(Job(), Sent, Key, seedIsOurs: true, metadataKept: false));

    [Theory]
    [InlineData("model")]
    [InlineData("training_file")]
    [InlineData("validation_file")]
    [InlineData("no_validation_file")]
    [InlineData("suffix")]
    [InlineData("user_provided_suffix")]
    public void Judge_AFieldWeSentDiffers_IsNotOurs(string field)
    {
        var job = field switch
        {
            "model" => Job(j => j with { Model = "gpt-4o" }),
            "training_file" => Job(j => j with { TrainingFile = "file-other" }),
            "validation_file" => Job(j => j with { ValidationFile = "file-other" }),
            "no_validation_file" => Job(j => j with { ValidationFile = null }),
            "suffix" => Job(j => j with { Suffix = "other" }),
            _ => Job(j => j with { Extra = new() { ["user_provided_suffix"] = JsonSerializer.SerializeToElement("other") } }),
        };

        Assert.Equal(Evidence.NotOurs, JobIdentity.Judge(job, Sent, Key, seedIsOurs: true, metadataKept: false));
    }

    [Theory]
    [InlineData("gpt-4o-mini")]
    [InlineData("gpt-4o-mini-2024-07-18")]
    public void SameFields_ModelAsSentOrWithASnapshotDate_Matches(string model) =>
        Assert.True(JobIdentity.SameFields(Job(j => j with { Model = model }), Request));

    [Fact]
    public void SameFields_ModelThatOnlyStartsTheSame_DoesNotMatch() =>
        Assert.False(JobIdentity.SameFields(Job(j => j with { Model = "gpt-4o-mini2" }), Request));

    [Fact]
    public void SameFields_SuffixEchoedAsItWasSent_Matches() =>
        Assert.True(JobIdentity.SameFields(Job(j => j with { Suffix = "bot", Extra = new() { ["user_provided_suffix"] = JsonSerializer.SerializeToElement("bot") } }), Request));

    [Fact]
    public void SameFields_EmptySuffixEchoedForNoneSent_Matches() =>
        Assert.True(JobIdentity.SameFields(Job(j => j with { Suffix = string.Empty }), Request with { Suffix = null }));

    [Fact]
    public void SameFields_NoValidationFileEitherWay_Matches() =>
        Assert.True(JobIdentity.SameFields(Job(j => j with { ValidationFile = null }), Request with { ValidationFile = null }));

    [Fact]
    public void SameFields_ModelMissing_DoesNotMatch() =>
        Assert.False(JobIdentity.SameFields(Job(j => j with { Model = null }), Request));
}
