using FineTuneWorkflows.Activities.Pause;
using FineTuneWorkflows.Tests.Replay.Capture;
using FineTuneWorkflows.Tests.Replay.History;
using FineTuneWorkflows.Wire;
using FineTuneWorkflows.Workflows;

using static FineTuneWorkflows.Tests.Replay.ActivityTypes;

namespace FineTuneWorkflows.Tests.Replay;

/// <summary>Pause and resume as workflow updates, replayed through the real SDK core.</summary>
public class PauseScenarioTests
{
    [Fact]
    public async Task Run_PausedAndResumed_AsksTheProviderFromTheUpdates_AndWatchesThroughout()
    {
        var replayed = await ReplayAssert.MatchesScriptAsync(Scenarios.PauseAndResume());

        // The checks never stop: one per status seen, the pause and the resume in between.
        Assert.Equal([Prepare, Create, Wait, Wait, Wait, "PauseJob", Wait, "ResumeJob", Wait, Retrieve], replayed.ActivityNames());
        var pause = Assert.Single(replayed.Calls, c => c.Kind == CapturedCall.Activity && c.Name == "PauseJob");
        Assert.Equal("ftjob-pause-resume", TemporalPayloads.Value<PauseJobInput>(pause.Detail).JobId);
        var answers = replayed.Calls.Where(c => c.Kind == CapturedCall.Update).ToList();
        Assert.Equal(["Pause", "Resume"], answers.Select(c => c.Name));
        Assert.Equal([JobStatus.Pausing, JobStatus.Running], answers.Select(c => TemporalPayloads.Value<FineTuningJob>(c.Detail).Status));
        Assert.Equal(OutcomeKind.Completed, replayed.Outcome.Kind);
        var result = TemporalPayloads.Value<FineTuneResult>(replayed.Outcome.Json!);
        Assert.Equal(
            [JobStatus.ValidatingFiles, JobStatus.Queued, JobStatus.Running, JobStatus.Pausing, JobStatus.Paused, JobStatus.Running, JobStatus.Succeeded],
            result.Timeline.Select(t => t.Status));
    }

    [Fact]
    public async Task Run_PauseRefusedByTheProvider_FailsTheUpdateOnly_AndWatchesOn()
    {
        var replayed = await ReplayAssert.MatchesScriptAsync(Scenarios.PauseRefused());

        // The check that was pending when the pause was asked for is the one that sees the end.
        Assert.Equal([Prepare, Create, Wait, Wait, Wait, "PauseJob", Retrieve], replayed.ActivityNames());
        var refused = Assert.Single(replayed.Calls, c => c.Kind == CapturedCall.UpdateFailed);
        Assert.Equal("Pause", refused.Name);
        Assert.Equal(OutcomeKind.Completed, replayed.Outcome.Kind);
        var result = TemporalPayloads.Value<FineTuneResult>(replayed.Outcome.Json!);
        Assert.Equal([JobStatus.ValidatingFiles, JobStatus.Queued, JobStatus.Running, JobStatus.Succeeded], result.Timeline.Select(t => t.Status));
    }

    [Fact]
    public async Task Run_CancelledWhileAPauseIsOut_CancelsTheJobOnce_AndTellsThePausesCaller()
    {
        var replayed = await ReplayAssert.MatchesScriptAsync(Scenarios.CancelWhilePausing());

        // The check and the pause are called off; one cancel goes to the provider, then a check
        // waits for the job's final status.
        Assert.Equal([Prepare, Create, Wait, Wait, Wait, "PauseJob", Cancel, Wait], replayed.ActivityNames());
        var failed = Assert.Single(replayed.Calls, c => c.Kind == CapturedCall.UpdateFailed);
        Assert.Equal("Pause", failed.Name);
        Assert.Equal(OutcomeKind.Cancelled, replayed.Outcome.Kind);
    }
}
