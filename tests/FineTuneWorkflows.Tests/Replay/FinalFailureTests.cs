namespace FineTuneWorkflows.Tests.Replay;

/// <summary>
/// A run that fails because of its job's fate is marked non-retryable: under a workflow retry
/// policy, a new run would find the same job failed (or cancelled) and fail again, after a
/// search at the provider, for nothing.
/// </summary>
public class FinalFailureTests
{
    public static TheoryData<string> EndsFailed => ["provider-failure", "cancelled-at-provider", "watch-fails", "webhook-while-validating"];

    [Theory]
    [MemberData(nameof(EndsFailed))]
    public async Task RunFailedByItsJob_IsNotRetried(string name)
    {
        var replayed = await ReplayAssert.MatchesScriptAsync(Scenarios.Get(name));

        Assert.True(replayed.FailedFinally, $"{name} ended {replayed.Outcome.Kind} without a non-retryable failure");
    }
}
