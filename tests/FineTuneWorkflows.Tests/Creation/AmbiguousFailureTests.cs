using FineTuneWorkflows.Activities;
using FineTuneWorkflows.Activities.Creation;
using FineTuneWorkflows.Wire;

namespace FineTuneWorkflows.Tests.Creation;

/// <summary>What a person reads when a create cannot tell its job from others: every word of it, written out here.</summary>
public class AmbiguousFailureTests
{
    private const string Tail = "No job was adopted and no second job was created; check these jobs at the provider and cancel any that is not wanted.";

    private static FineTuningJob Job(int n) => new() { Id = $"ftjob-{n}", Status = "running", CreatedAt = 1_800_000_000 + n };

    [Fact]
    public void For_TwoCandidates_NamesEachWithStatusAndTime()
    {
        var failure = AmbiguousFailure.For(new CreateVerdict.Ambiguous([Job(1), new() { Id = "ftjob-x" }], "the reason"));

        Assert.Equal(
            "Could not tell which provider job this workflow created: the reason. Candidates: ftjob-1 (running, created 2027-01-15 08:00:01Z), ftjob-x (status unknown, created at an unknown time). " + Tail,
            failure.Message);
        Assert.Equal("FineTuneJobAmbiguous", failure.ErrorType);
        Assert.Equal(CreationActivities.AmbiguousJobError, failure.ErrorType);
        Assert.True(failure.NonRetryable);
        var details = failure.Details.ElementAt<ProviderErrorDetails>(0);
        Assert.Equal(new ProviderErrorDetails("ambiguous_job", failure.Message, null, null), details);
    }

    [Fact]
    public void For_NoCandidate_SaysSo() =>
        Assert.Equal(
            "Could not tell which provider job this workflow created: r. Candidates: no candidate was listed. " + Tail,
            AmbiguousFailure.For(new CreateVerdict.Ambiguous([], "r")).Message);

    [Fact]
    public void For_TwentyCandidates_NamesThemAll()
    {
        var message = AmbiguousFailure.For(new CreateVerdict.Ambiguous([.. Enumerable.Range(1, 20).Select(Job)], "r")).Message;

        Assert.Contains("ftjob-20 (running", message, StringComparison.Ordinal);
        Assert.DoesNotContain(" more.", message, StringComparison.Ordinal);
    }

    [Fact]
    public void For_TwentyThreeCandidates_NamesTwentyAndCountsTheRest()
    {
        var message = AmbiguousFailure.For(new CreateVerdict.Ambiguous([.. Enumerable.Range(1, 23).Select(Job)], "r")).Message;

        Assert.Contains("ftjob-20 (running, created 2027-01-15 08:00:20Z) and 3 more. No job", message, StringComparison.Ordinal);
        Assert.DoesNotContain("ftjob-21", message, StringComparison.Ordinal);
    }

    [Fact]
    public void For_Null_IsRefusedByName() =>
        Assert.Equal("ambiguous", Assert.Throws<ArgumentNullException>(() => AmbiguousFailure.For(null!)).ParamName);
}
