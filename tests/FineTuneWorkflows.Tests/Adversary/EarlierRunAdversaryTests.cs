using FineTuneWorkflows.Activities.Provider;
using FineTuneWorkflows.Tests.Replay;
using FineTuneWorkflows.Tests.Replay.Capture;
using FineTuneWorkflows.Tests.Replay.Scripting;
using Temporalio.Api.Enums.V1;
using Temporalio.Common;

namespace FineTuneWorkflows.Tests.Adversary;

/// <summary>
/// Runs that follow a reset (or a retry) of a run that may already have made the job. The
/// workflow itself says so (FineTuneWorkflow.PrepareAsync: "A run whose id is not the first
/// one's, with no job carried over, follows a reset (or a retry) of a run that may already have
/// created the job") and passes EarlierRunSince to the create. But everything before that create
/// still behaves as if no job could exist: a cancel, or a prepare that fails for good, ends the
/// run without looking for the earlier run's job, cancelling it or naming it. The base run was
/// ended by the reset, so nothing watches that job any more.
/// Each test hands the task that follows the event to the real workflow as new work (as a
/// server hands it) and looks at what the workflow does. Each FAILS on the code it was written against.
/// </summary>
public class EarlierRunAdversaryTests
{
    /// <summary>
    /// WATCH. An operator resets a workflow (whose run made job J and was following it) to its first
    /// task; the new run's prepare step is running (or retrying: the list is down, and its retries
    /// have no deadline) when the owner cancels. The run ends "cancelled before a job was created
    /// at the provider: no job exists", and tells a waiting WaitForJob caller the same — but J,
    /// made by the base run, is running and paid for, and now nobody watches or cancels it.
    /// </summary>
    [Theory]
    [InlineData(JobScript.RunStart.Reset)]
    [InlineData(JobScript.RunStart.Retry)]
    public async Task Run_FollowingAnEarlierRun_CancelledDuringPrepare_MustStillFindAndCancelTheEarlierRunsJob(JobScript.RunStart runStart)
    {
        var run = Assert.Single(Script.Job($"adv-cancel-prepare-{runStart}", runStart: runStart).CancelRequested(at: 500.Milliseconds()).Build().Runs);

        var replayed = await AsNewWorkAfterAsync(run, EventType.WorkflowExecutionCancelRequested);

        Assert.Null(replayed.Failure);
        Assert.True(
            replayed.Outcome.Kind != OutcomeKind.Cancelled || replayed.ActivityNames().Contains("CreateJob"),
            $"a run after a {runStart} ended {replayed.Outcome.Kind} (\"{replayed.Outcome.FailureMessage}\") without looking for the job the earlier run may have made; scheduled: [{string.Join(", ", replayed.ActivityNames())}]");
    }

    /// <summary>
    /// WATCH. The same reset run, but its prepare step fails for good: the provider key was rotated
    /// (401 on the list), or an option that passed then is refused now. Prepare classifies that as
    /// final "because nothing here can have made a job" — true of this run, false of the run it
    /// follows. The run fails with the provider's 401 and names no job; the base run's job runs on.
    /// </summary>
    [Fact]
    public async Task Run_AfterAReset_PrepareFailsForGood_MustNotEndWithoutNamingOrFindingTheEarlierRunsJob()
    {
        var run = Assert.Single(Script.Job("adv-reset-prepare-fails", runStart: JobScript.RunStart.Reset)
            .ActivityFails(ProviderErrorTypes.AuthenticationFailed, "list fine-tuning jobs was refused with 401 Unauthorized: check Provider:ApiKey", at: 2.Seconds())
            .Build().Runs);

        var replayed = await AsNewWorkAfterAsync(run, EventType.ActivityTaskFailed);

        Assert.Null(replayed.Failure);
        Assert.True(
            replayed.Outcome.Kind == OutcomeKind.Running,
            $"a run after a reset ended {replayed.Outcome.Kind} ({replayed.Outcome.FailureType}: {replayed.Outcome.FailureMessage}) before looking for the job the base run may have made, and names none");
    }

    /// <summary>The history up to the first workflow task that starts after the first <paramref name="after"/> event, replayed as a worker meets it: that task runs as new work.</summary>
    private static async Task<ReplayRecord> AsNewWorkAfterAsync(ScriptedRun run, EventType after)
    {
        var events = run.History.Events.ToList();
        var at = events.First(e => e.EventType == after).EventId;
        var started = events.First(e => e.EventType == EventType.WorkflowTaskStarted && e.EventId > at).EventId;
        return await WorkflowReplay.RunAsync(new WorkflowHistory(run.History.Id, events.Take((int)started).ToList()));
    }
}
