using FineTuneWorkflows.Activities.Creation;
using FineTuneWorkflows.Wire;

namespace FineTuneWorkflows.Tests.Creation;

/// <summary>
/// The identity rules refuse a missing argument by name at once. Several would otherwise carry on:
/// a null key would derive the seed of the empty key, and a null job would read as "listed".
/// </summary>
public class NullArgumentTests
{
    private static readonly CreateFineTuningJobRequest Request = new() { Model = "gpt-4o-mini", TrainingFile = "file-train" };
    private static readonly FineTuningJob Job = new() { Id = "ftjob-1", Model = "gpt-4o-mini", TrainingFile = "file-train" };
    private static readonly CreateIdentity Identity =
        new("key-1", JobIdentity.Mark(Request, "key-1"), SeedIsOurs: true, new JobsBefore([], null), DateTimeOffset.UnixEpoch, EarlierRunSince: null);

    public static TheoryData<string, Action> Calls() => new()
    {
        { "identity", () => CreateDecision.Decide(null!, [], complete: true, mayHaveCreated: true) },
        { "seen", () => CreateDecision.Decide(Identity, null!, complete: true, mayHaveCreated: true) },
        { "job", () => Identity.IsNew(null!) },
        { "job", () => Identity.MayBeFromEarlierRun(null!) },
        { "idempotencyKey", () => JobIdentity.SeedFor(null!) },
        { "request", () => JobIdentity.Mark(null!, "key-1") },
        { "job", () => JobIdentity.Judge(null!, Request, "key-1", seedIsOurs: true, metadataKept: false) },
        { "sent", () => JobIdentity.Judge(Job, null!, "key-1", seedIsOurs: true, metadataKept: false) },
        { "job", () => JobIdentity.SameFields(null!, Request) },
        { "request", () => JobIdentity.SameFields(Job, null!) },
        { "newestFirst", () => JobsBefore.From(null!) },
        { "page", () => JobsBefore.IsNewestFirst(null!) },
        { "job", () => new JobsBefore(["ftjob-1"], null).Existed(null!) },
    };

    [Theory]
    [MemberData(nameof(Calls))]
    public void PublicRule_NullArgument_IsRefusedByName(string parameter, Action call) =>
        Assert.Equal(parameter, Assert.Throws<ArgumentNullException>(call).ParamName);
}
