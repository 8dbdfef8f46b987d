using FineTuneWorkflows.Activities.Polling;
using FineTuneWorkflows.Tests.Replay.Scripting;
using FineTuneWorkflows.Wire;
using FineTuneWorkflows.Workflows;

namespace FineTuneWorkflows.Tests.Replay;

/// <summary>
/// What the Web UI shows as the workflow's current details, step by step, written out here from
/// the scripted job (created two seconds after the epoch, each task starting 20 ms after its event).
/// </summary>
public class WorkflowDetailsTests
{
    private static string Of(string scenario) => $"job `ftjob-{scenario}` · model `gpt-4o-mini-2024-07-18` · portkey (openai)";

    [Fact]
    public async Task Success_SaysWhatTheJobIsDoingAndHowOftenItIsChecked()
    {
        var replayed = await ReplayAssert.MatchesScriptAsync(Scenarios.Success());

        Assert.Equal(
            [
                "**creating** · model `gpt-4o-mini-2024-07-18`",
                // Seen at 3 s, the job 1 s old: 10 % of its age is below the 5-second minimum.
                $"**validating_files** · {Of("success")} · seen 2025-06-02 09:00:03 UTC · checked again at once, then about every 5 s: see the pending `CheckJob` activity",
                // Seen at 4 min, 238 s old: 10 % is 23.8 s.
                $"**queued** · {Of("success")} · seen 2025-06-02 09:04:00 UTC · checked again at once, then about every 24 s: see the pending `CheckJob` activity",
                // Seen at 25 min: 10 % is 150 s, capped at 30 s in the job's first hour.
                $"**running** · {Of("success")} · seen 2025-06-02 09:25:00 UTC · checked again at once, then about every 30 s: see the pending `CheckJob` activity",
                $"**succeeded** · {Of("success")}",
            ],
            replayed.Details);
    }

    [Fact]
    public async Task SuccessWithChart_EndsLinkingTheLossCurve()
    {
        var replayed = await ReplayAssert.MatchesScriptAsync(Scenarios.SuccessWithChart());

        Assert.Equal(
            $"**succeeded** · {Of("success-with-chart")} · [loss curve](http://127.0.0.1:5000/v1/fine_tuning/jobs/replay-success-with-chart/artifacts/loss-curve.svg)",
            replayed.Details[^1]);
    }

    [Fact]
    public async Task WaitingForCapacity_SaysSinceWhenWhyAndTheNextTry()
    {
        var details = (await ReplayAssert.MatchesScriptAsync(Scenarios.CapacityThenCreate())).Details;
        const string said = "the provider said: " + Scenarios.ActiveJobsMessage;

        // Refused at 2 s (the task at 2.02 s), the first wait 4 min 25.34 s; refused again at
        // 7 min 1 s, the second 11 min 12.51 s (the scenario's timers, from the design's rule).
        Assert.Equal(
            [
                "**creating** · model `gpt-4o-mini-2024-07-18`",
                $"**waiting for capacity** at the provider since 2025-06-02 09:00:02 UTC (1 refused) · next try at 2025-06-02 09:04:27 UTC · no job exists yet · {said}",
                "**creating** · model `gpt-4o-mini-2024-07-18` · trying again after waiting for capacity since 2025-06-02 09:00:02 UTC",
                $"**waiting for capacity** at the provider since 2025-06-02 09:00:02 UTC (2 refused) · next try at 2025-06-02 09:18:13 UTC · no job exists yet · {said}",
                "**creating** · model `gpt-4o-mini-2024-07-18` · trying again after waiting for capacity since 2025-06-02 09:00:02 UTC",
            ],
            details.Take(5));
        Assert.StartsWith($"**validating_files** · {Of("capacity-then-create")} · seen 2025-06-02 09:30:02 UTC", details[5], StringComparison.Ordinal);
    }

    [Fact]
    public async Task WaitingInTheDeploymentsLine_SaysTheLimitAndNamesTheLine()
    {
        var details = (await ReplayAssert.MatchesScriptAsync(Scenarios.SlotAfterWaiting())).Details;

        Assert.Equal(
            "**waiting for capacity** at this deployment since 2025-06-02 09:00:02 UTC · at most 3 active job(s) of model `gpt-4o-mini-2024-07-18` · no job exists yet · the line: workflow `ftw-slots:fine-tune:portkey (openai):gpt-4o-mini-2024-07-18`",
            details[1]);
        Assert.StartsWith($"**validating_files** · {Of("slot-after-waiting")} · seen 2025-06-02 09:40:03 UTC", details[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task CancelledWhileWaitingForCapacity_SaysNoJobExists() =>
        Assert.Equal(
            "**cancelled** before a job was created at the provider: no job exists",
            (await ReplayAssert.MatchesScriptAsync(Scenarios.CapacityCancel())).Details[^1]);

    [Fact]
    public async Task CreateRejected_SaysWhy() =>
        Assert.Equal(
            "**failed** · training_file must name a .jsonl file",
            (await ReplayAssert.MatchesScriptAsync(Scenarios.CreateRejected())).Details[^1]);

    [Fact]
    public async Task CancelledBeforeAnyCreate_SaysNoJobExists() =>
        Assert.Equal(
            "**cancelled** before a job was created at the provider: no job exists",
            (await ReplayAssert.MatchesScriptAsync(Scenarios.CancelDuringPrepare())).Details[^1]);

    [Fact]
    public async Task WatchFailed_SaysTheJobWasCancelledAndWhy()
    {
        var details = (await ReplayAssert.MatchesScriptAsync(Scenarios.WatchFails())).Details;

        // After the cancel, at 30 min 5 s: the job is cancelling, checked every 30 s (its first hour).
        Assert.Contains(
            $"**cancelling** · {Of("watch-fails")} · seen 2025-06-02 09:30:05 UTC · checked again at once, then about every 30 s: see the pending `CheckJob` activity",
            details);
        Assert.Equal(
            "**failed** · job `ftjob-watch-fails` was cancelled at the provider after its watch failed: retrieve job ftjob-watch-fails failed with 404 Not Found",
            details[^1]);
    }

    [Fact]
    public async Task ChecksMinutesApart_AreSaidInMinutes()
    {
        // Running from 9 h: 5 % of the job's age is 27 min, capped at 10 min.
        var details = (await ReplayAssert.MatchesScriptAsync(Scenarios.SeventyTwoHours())).Details;

        Assert.Contains(
            $"**running** · {Of("seventy-two-hours")} · seen 2025-06-02 18:00:00 UTC · checked again at once, then about every 10 min: see the pending `CheckJob` activity",
            details);
    }

    /// <summary>
    /// With webhooks the checks are the safety net (<c>PollPolicy.WebhookSafetyNet</c>): a quarter of
    /// the job's age, at least a minute, at most five in its first hour and ninety after.
    /// </summary>
    [Fact]
    public async Task SafetyNetChecks_SaidInMinutes_AMinuteAsOneMinute()
    {
        var scenario = Script.Job("safety-net", options: new FineTuneOptions(PollPolicy.WebhookSafetyNet))
            .Prepared(at: 1.Seconds())
            .Created(JobStatus.ValidatingFiles, at: 3.Seconds())
            .Then(JobStatus.Running, at: 25.Minutes())
            .Build();

        var details = (await ReplayAssert.MatchesScriptAsync(scenario)).Details;

        Assert.Equal(
            [
                "**creating** · model `gpt-4o-mini-2024-07-18`",
                // 1 s old: a quarter is below the one-minute minimum; exactly 60 s reads as a minute.
                $"**validating_files** · {Of("safety-net")} · seen 2025-06-02 09:00:03 UTC · checked again at once, then about every 1 min: see the pending `CheckJob` activity",
                // 25 min old: a quarter is 6 min 15 s, capped at 5 min in the first hour.
                $"**running** · {Of("safety-net")} · seen 2025-06-02 09:25:00 UTC · checked again at once, then about every 5 min: see the pending `CheckJob` activity",
            ],
            details);
    }

    /// <summary>A job that has already ended when the create returns it (adopted after it finished): the details say so, not "creating".</summary>
    [Fact]
    public async Task JobAlreadyEndedWhenCreated_SaysItsStatus()
    {
        var scenario = Script.Job("created-ended")
            .Prepared(at: 1.Seconds())
            .Created(JobStatus.Failed, at: 3.Seconds())
            .Build();

        var details = (await ReplayAssert.MatchesScriptAsync(scenario)).Details;

        Assert.Equal($"**failed** · {Of("created-ended")}", details[^1]);
    }
}
