using FineTuneWorkflows.Workflows;

namespace FineTuneWorkflows.Tests.Workflows;

/// <summary>
/// The lifecycle rules, case by case, with the statuses spelled as the provider spells them:
/// what follows each status, how far along each is, which moves a normal job makes.
/// </summary>
public class LifecycleTests
{
    [Theory]
    [InlineData("succeeded", NextStep.RetrieveResults)]
    [InlineData("failed", NextStep.Fail)]
    [InlineData("cancelled", NextStep.EndCancelled)]
    [InlineData("validating_files", NextStep.Wait)]
    [InlineData("queued", NextStep.Wait)]
    [InlineData("running", NextStep.Wait)]
    [InlineData("pausing", NextStep.Wait)]
    [InlineData("paused", NextStep.Wait)]
    [InlineData("cancelling", NextStep.Wait)]
    [InlineData("unknown", NextStep.Wait)]
    [InlineData("defrosting", NextStep.Wait)]
    public void NextFor_Status_IsWhatTheWorkflowDoesNext(string status, NextStep next) =>
        Assert.Equal(next, Lifecycle.NextFor(status));

    [Theory]
    [InlineData("unknown", 0)]
    [InlineData("validating_files", 1)]
    [InlineData("queued", 2)]
    [InlineData("running", 3)]
    [InlineData("pausing", 3)]
    [InlineData("paused", 3)]
    [InlineData("cancelling", 4)]
    [InlineData("succeeded", 5)]
    [InlineData("failed", 5)]
    [InlineData("cancelled", 5)]
    [InlineData("defrosting", -1)]
    public void Stage_Status_IsHowFarAlongItIs(string status, int stage) =>
        Assert.Equal(stage, Lifecycle.Stage(status));

    [Theory]
    [InlineData("unknown", true)]
    [InlineData("running", true)]
    [InlineData("cancelled", true)]
    [InlineData("defrosting", false)]
    public void IsKnown_Status_OnlyTheDocumentedOnesAndUnknown(string status, bool known) =>
        Assert.Equal(known, Lifecycle.IsKnown(status));

    [Theory]
    [InlineData("queued", "queued", true)]
    [InlineData("validating_files", "queued", true)]
    [InlineData("validating_files", "running", true)]
    [InlineData("queued", "failed", true)]
    [InlineData("running", "paused", true)]
    [InlineData("paused", "running", true)]
    [InlineData("running", "cancelling", true)]
    [InlineData("cancelling", "cancelled", true)]
    [InlineData("unknown", "validating_files", true)]
    [InlineData("running", "queued", false)]
    [InlineData("cancelling", "running", false)]
    [InlineData("succeeded", "running", false)]
    [InlineData("failed", "succeeded", false)]
    [InlineData("cancelled", "cancelled", true)]
    [InlineData("defrosting", "queued", false)]
    [InlineData("queued", "defrosting", false)]
    [InlineData("defrosting", "defrosting", true)]
    public void MayFollow_Move_IsANormalLifeOrNot(string from, string to, bool normal) =>
        Assert.Equal(normal, Lifecycle.MayFollow(from, to));

    [Fact]
    public void Observe_SameStatusAgain_IsNoChangeAndNothingUnexpected() =>
        Assert.Equal(new Observation(NextStep.Wait, IsChange: false, IsUnexpected: false), Lifecycle.Observe("running", "running"));

    [Fact]
    public void Observe_ForwardMove_IsAChange() =>
        Assert.Equal(new Observation(NextStep.Wait, IsChange: true, IsUnexpected: false), Lifecycle.Observe("queued", "running"));

    [Fact]
    public void Observe_BackwardMove_IsAChangeKeptButFlagged() =>
        Assert.Equal(new Observation(NextStep.Wait, IsChange: true, IsUnexpected: true), Lifecycle.Observe("running", "queued"));

    [Fact]
    public void Observe_Success_SaysToRetrieveResults() =>
        Assert.Equal(new Observation(NextStep.RetrieveResults, IsChange: true, IsUnexpected: false), Lifecycle.Observe("running", "succeeded"));

    [Fact]
    public void Observe_OutOfAFinalStatus_IsFlagged() =>
        Assert.Equal(new Observation(NextStep.Wait, IsChange: true, IsUnexpected: true), Lifecycle.Observe("failed", "running"));
}
