using FineTuneWorkflows.Tests.Replay.Capture;
using Temporalio.Api.Enums.V1;
using Temporalio.Common;

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
        var run = Assert.Single(Scenarios.CancelWithStatusChange(suggestContinueAsNew: true).Runs);
        var events = run.History.Events.ToList();

        // Hand the worker the history up to the start of the task that sees both, as the server
        // does: that task runs as new work (not replay), so a fix behind Workflow.Patched counts,
        // and whatever it decides is recorded rather than matched against the script.
        var cancel = events.Single(e => e.EventType == EventType.WorkflowExecutionCancelRequested).EventId;
        var started = events.First(e => e.EventType == EventType.WorkflowTaskStarted && e.EventId > cancel).EventId;
        var replayed = await WorkflowReplay.RunAsync(new WorkflowHistory(run.History.Id, events.Take((int)started).ToList()));

        Assert.Null(replayed.Failure);
        Assert.NotEqual(OutcomeKind.ContinuedAsNew, replayed.Outcome.Kind);
        Assert.DoesNotContain(replayed.Calls, c => c.Kind == CapturedCall.ContinueAsNew);
        Assert.Contains(replayed.Calls, c => c.Kind == CapturedCall.Activity && c.Name == "CancelJob");
    }
}
