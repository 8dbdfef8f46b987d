using FineTuneWorkflows.Activities.Provider;
using FineTuneWorkflows.Activities.Results;
using FineTuneWorkflows.Tests.Replay.Scripting;
using FineTuneWorkflows.Wire;

namespace FineTuneWorkflows.Tests.Replay;

/// <summary>
/// Every scripted job, by name: the replay tests, the restart-at-every-step tests, the history
/// budget and the committed fixtures all use this one catalogue.
/// </summary>
public static class Scenarios
{
    public const string FineTunedModel = "ft:gpt-4o-mini-2024-07-18:acme:support-bot:9xYzQ2";

    public static readonly MetricsSummary Metrics = new(
        Rows: 300, LastStep: 300, FinalTrainLoss: 0.412, BestTrainLoss: 0.398, FinalTrainAccuracy: 0.87, BestTrainAccuracy: 0.88,
        FinalValidLoss: 0.455, BestValidLoss: 0.451, FinalValidAccuracy: null, BestValidAccuracy: null);

    public static readonly ResultArtifact Artifact = new(
        "file-result-5d2e", "step_metrics.csv", "/var/lib/finetune/artifacts/ftjob/step_metrics.csv", 18_234,
        "9f2c1e0b7a6d5c4b3a29180716f5e4d3c2b1a09f8e7d6c5b4a3928170615f4e3");

    private static readonly Dictionary<string, Func<Scenario>> Catalogue = new(StringComparer.Ordinal)
    {
        ["success"] = Success,
        ["pause-resume"] = PauseAndResume,
        ["pause-refused"] = PauseRefused,
        ["cancel-while-pausing"] = CancelWhilePausing,
        ["success-with-chart"] = SuccessWithChart,
        ["provider-failure"] = ProviderFailure,
        ["cancelled-at-provider"] = CancelledAtProvider,
        ["cancel-during-create"] = CancelDuringCreate,
        ["cancel-during-wait"] = CancelDuringWait,
        ["cancel-during-results"] = CancelDuringResults,
        ["cancel-with-status-change"] = () => CancelWithStatusChange(),
        ["retried-activities"] = RetriedActivities,
        ["create-rejected"] = CreateRejected,
        ["unknown-and-paused"] = UnknownAndPausedStatuses,
        ["continue-as-new"] = ContinueAsNew,
        ["seventy-two-hours"] = SeventyTwoHours,
        ["update-with-start"] = UpdateWithStart,
        ["update-create-rejected"] = UpdateCreateRejected,
        ["prepare-rejected"] = PrepareRejected,
        ["cancel-during-prepare"] = CancelDuringPrepare,
        ["update-cancel-during-prepare"] = UpdateCancelDuringPrepare,
        ["update-cancel-during-create"] = UpdateCancelDuringCreate,
        ["cancel-with-continue-as-new-timer"] = CancelWithContinueAsNewTimer,
        ["watch-fails"] = WatchFails,
        ["watch-fails-after-success"] = WatchFailsAfterSuccess,
        ["retried-run"] = RetriedRun,
        ["reset-before-create"] = ResetBeforeCreate,
        ["checks-for-days"] = ChecksForDays,
        ["check-after-retry-after"] = CheckAfterRetryAfter,
        ["check-after-worker-died"] = CheckAfterWorkerDied,
        ["cancel-between-checks"] = CancelBetweenChecks,
        ["webhook-while-running"] = WebhookWhileRunning,
        ["webhook-while-validating"] = WebhookWhileValidating,
        ["webhook-early"] = WebhookEarly,
        ["webhook-after-cancel"] = WebhookAfterCancel,
        ["webhook-before-job"] = WebhookBeforeJob,
        ["webhook-while-queued"] = WebhookWhileQueued,
        ["capacity-then-create"] = CapacityThenCreate,
        ["capacity-daily-limit"] = CapacityDailyLimit,
        ["capacity-cancel"] = CapacityCancel,
        ["slot-at-once"] = SlotAtOnce,
        ["slot-cancel-while-asking"] = SlotCancelWhileAsking,
        ["slot-after-reset"] = SlotAfterReset,
        ["slot-after-reset-none-found"] = SlotAfterResetNoneFound,
        ["slot-after-reset-continue-as-new"] = SlotAfterResetContinueAsNew,
        ["slot-after-waiting"] = SlotAfterWaiting,
        ["slot-cancel-in-line"] = SlotCancelInLine,
        ["slot-asked-again"] = SlotAskedAgain,
        ["slot-continue-as-new"] = SlotContinueAsNew,
    };

    /// <summary>Six hours in line with no grant: the limiter is asked again, twice, and the second answer grants the slot.</summary>
    public static Scenario SlotAskedAgain() =>
        Script.Job("slot-asked-again")
            .Prepared(at: 1.Seconds(), slotLimit: 2)
            .SlotAnswered(granted: false, at: 2.Seconds())
            .SlotAskedAgain()
            .SlotAnswered(granted: false, at: 6.Hours() + 5.Seconds())
            .SlotAskedAgain()
            .SlotAnswered(granted: true, at: 12.Hours() + 10.Seconds())
            .Prepared(at: 12.Hours() + 12.Seconds(), slotLimit: 2)
            .Created(JobStatus.ValidatingFiles, at: 12.Hours() + 14.Seconds())
            .Then(JobStatus.Running, at: 12.Hours() + 10.Minutes())
            .Succeeded(at: 14.Hours(), FineTunedModel, trainedTokens: 1_250_000, "file-result-5d2e")
            .Results(at: 14.Hours() + 40.Seconds(), Metrics, Artifact)
            .Build();

    /// <summary>A slot held across continue-as-new: the next run keeps it, and gives it back when the job ends.</summary>
    public static Scenario SlotContinueAsNew() =>
        Script.Job("slot-continue-as-new")
            .Prepared(at: 1.Seconds(), slotLimit: 3)
            .SlotAnswered(granted: true, at: 2.Seconds())
            .Created(JobStatus.ValidatingFiles, at: 4.Seconds())
            .Then(JobStatus.Queued, at: 4.Minutes())
            .Then(JobStatus.Running, at: 25.Minutes(), suggestContinueAsNew: true)
            .SucceedsAtTwoHours()
            .Build();

    /// <summary>The worker limits the model to three active jobs; a slot is free: asked, granted, created, and given back at the end.</summary>
    public static Scenario SlotAtOnce() =>
        Script.Job("slot-at-once", updateWithStart: true)
            .Prepared(at: 1.Seconds(), slotLimit: 3)
            .SlotAnswered(granted: true, at: 2.Seconds())
            .Created(JobStatus.ValidatingFiles, at: 4.Seconds())
            .Then(JobStatus.Queued, at: 4.Minutes())
            .Then(JobStatus.Running, at: 25.Minutes())
            .SucceedsAtTwoHours()
            .Build();

    /// <summary>All three slots held: the fine-tune waits in line (the update answers with no job), is granted one, prepares afresh, creates.</summary>
    public static Scenario SlotAfterWaiting() =>
        Script.Job("slot-after-waiting", updateWithStart: true)
            .Prepared(at: 1.Seconds(), slotLimit: 3)
            .SlotAnswered(granted: false, at: 2.Seconds())
            .SlotGranted(at: 40.Minutes())
            .Prepared(at: 40.Minutes() + 1.Seconds(), slotLimit: 3)
            .Created(JobStatus.ValidatingFiles, at: 40.Minutes() + 3.Seconds())
            .Then(JobStatus.Running, at: 50.Minutes())
            .SucceedsAtTwoHours()
            .Build();

    /// <summary>Cancelled in line: no job exists, no provider call is made, and the place in line is given back.</summary>
    public static Scenario SlotCancelInLine() =>
        Script.Job("slot-cancel-in-line", updateWithStart: true)
            .Prepared(at: 1.Seconds(), slotLimit: 3)
            .SlotAnswered(granted: false, at: 2.Seconds())
            .CancelRequested(at: 20.Minutes())
            .Build();

    /// <summary>
    /// Cancelled while asking the limiter: the request is never cut short (it could land after the
    /// run gave its slot back, leaving a holder that is gone), so the run waits for its answer,
    /// creates nothing, and then gives the place in line back.
    /// </summary>
    public static Scenario SlotCancelWhileAsking() =>
        Script.Job("slot-cancel-while-asking", updateWithStart: true)
            .Prepared(at: 1.Seconds(), slotLimit: 3)
            .CancelRequested(at: 2.Seconds())
            .SlotAnswered(granted: false, at: 3.Seconds())
            .Build();

    /// <summary>
    /// A run after a reset, all slots held: the earlier run's job may be running, so it is looked
    /// for at once rather than after a wait in line, found, and watched to its end.
    /// </summary>
    public static Scenario SlotAfterReset() =>
        ResetWithAllSlotsHeld("slot-after-reset")
            .Found(JobStatus.Running, at: 2.Minutes())
            .SucceedsAtTwoHours()
            .Build();

    /// <summary>
    /// The same, and the found job's history grows long before its slot is granted: the place in
    /// line (not a held slot) passes to the next run, which gives it back when the job ends.
    /// </summary>
    public static Scenario SlotAfterResetContinueAsNew() =>
        ResetWithAllSlotsHeld("slot-after-reset-continue-as-new")
            .Found(JobStatus.Queued, at: 2.Minutes())
            .Then(JobStatus.Running, at: 25.Minutes(), suggestContinueAsNew: true)
            .SucceedsAtTwoHours()
            .Build();

    /// <summary>
    /// The same, and no earlier job is found: the fine-tune waits in line like any other (it does
    /// not jump it), and once granted prepares afresh and creates.
    /// </summary>
    public static Scenario SlotAfterResetNoneFound() =>
        ResetWithAllSlotsHeld("slot-after-reset-none-found")
            .Found(null, at: 2.Minutes())
            .SlotGranted(at: 40.Minutes())
            .Prepared(at: 40.Minutes() + 1.Seconds(), slotLimit: 3)
            .Created(JobStatus.ValidatingFiles, at: 40.Minutes() + 3.Seconds())
            .Then(JobStatus.Running, at: 50.Minutes())
            .SucceedsAtTwoHours()
            .Build();

    /// <summary>OpenAI's words for the cap on active jobs, sent under the generic rate-limit code.</summary>
    public const string ActiveJobsMessage = "You have reached the maximum number of active fine-tuning jobs (3) for model gpt-4o-mini-2024-07-18.";

    /// <summary>
    /// Started as the Starter starts it; the provider has no room twice (the update answers at the
    /// first refusal, with no job), then the third create (the same one, looking first for a job
    /// the refused ones made) makes the job.
    /// </summary>
    public static Scenario CapacityThenCreate() =>
        Script.Job("capacity-then-create", updateWithStart: true)
            .Prepared(at: 1.Seconds())
            .RefusedForCapacity(ProviderErrorTypes.ActiveJobLimit, ActiveJobsMessage, at: 2.Seconds())
            .CapacityWaitEnds()
            .RefusedForCapacity(ProviderErrorTypes.ActiveJobLimit, ActiveJobsMessage, at: 7.Minutes() + 1.Seconds(), retryAfter: 20.Seconds())
            .CapacityWaitEnds()
            .Created(JobStatus.ValidatingFiles, at: 30.Minutes() + 2.Seconds())
            .Then(JobStatus.Queued, at: 34.Minutes())
            .Then(JobStatus.Running, at: 55.Minutes())
            .SucceedsAtTwoHours()
            .Build();

    /// <summary>The day's creates are spent: the fine-tune waits past midnight UTC, then the job is made.</summary>
    public static Scenario CapacityDailyLimit() =>
        Script.Job("capacity-daily-limit")
            .Prepared(at: 1.Seconds())
            .RefusedForCapacity(ProviderErrorTypes.DailyCreateLimit, "You have exceeded the daily limit of 2 fine-tuning jobs for model gpt-4o-mini-2024-07-18. Try again tomorrow (UTC).", at: 2.Seconds())
            .CapacityWaitEnds()
            .Created(JobStatus.ValidatingFiles, at: 15.Hours() + 21.Minutes())
            .Then(JobStatus.Running, at: 16.Hours())
            .Succeeded(at: 18.Hours(), FineTunedModel, trainedTokens: 1_250_000, "file-result-5d2e")
            .Results(at: 18.Hours() + 40.Seconds(), Metrics, Artifact)
            .Build();

    /// <summary>
    /// Cancelled while waiting for room: no create goes out; the job a gateway's retry of the
    /// refused create may have made is looked for (one list), none is found, and the run ends.
    /// </summary>
    public static Scenario CapacityCancel() =>
        Script.Job("capacity-cancel", updateWithStart: true)
            .Prepared(at: 1.Seconds())
            .RefusedForCapacity(ProviderErrorTypes.ActiveJobLimit, ActiveJobsMessage, at: 2.Seconds())
            .CancelRequested(at: 3.Minutes())
            .Found(null, at: 3.Minutes() + 1.Seconds())
            .Build();

    public static IEnumerable<string> Names => Catalogue.Keys;

    public static TheoryData<string> All => [.. Names];

    public static Scenario Get(string name) => Catalogue[name]();

    public static Scenario Success() =>
        Script.Job("success")
            .Prepared(at: 1.Seconds())
            .Created(JobStatus.ValidatingFiles, at: 3.Seconds())
            .Then(JobStatus.Queued, at: 4.Minutes())
            .Then(JobStatus.Running, at: 25.Minutes())
            .SucceedsAtTwoHours()
            .Build();

    /// <summary>As <see cref="Success"/>, with a worker that knows where the starter serves artifacts: the details end linking the loss curve.</summary>
    public static Scenario SuccessWithChart() =>
        Script.Job("success-with-chart")
            .Prepared(at: 1.Seconds())
            .Created(JobStatus.ValidatingFiles, at: 3.Seconds())
            .Then(JobStatus.Running, at: 25.Minutes())
            .Succeeded(at: 2.Hours(), FineTunedModel, trainedTokens: 1_250_000, "file-result-5d2e")
            .Results(at: 2.Hours() + 40.Seconds(), Metrics, new Uri("http://127.0.0.1:5000/v1/fine_tuning/jobs/replay-success-with-chart/artifacts/loss-curve.svg"), Artifact)
            .Build();

    /// <summary>
    /// Paused while running and resumed later, by the <c>Pause</c> and <c>Resume</c> updates: each
    /// runs its provider call beside the pending check, records the status the provider answers
    /// with, and answers the caller; the job is watched throughout (paused included) and succeeds.
    /// </summary>
    public static Scenario PauseAndResume() =>
        Script.Job("pause-resume")
            .Prepared(at: 1.Seconds())
            .Created(JobStatus.ValidatingFiles, at: 3.Seconds())
            .Then(JobStatus.Queued, at: 4.Minutes())
            .Then(JobStatus.Running, at: 25.Minutes())
            .PauseRequested(at: 30.Minutes())
            .PauseAnswered(JobStatus.Pausing, at: 30.Minutes() + 1.Seconds())
            .Then(JobStatus.Paused, at: 31.Minutes())
            .PauseRequested(at: 90.Minutes(), resume: true)
            .PauseAnswered(JobStatus.Running, at: 90.Minutes() + 1.Seconds())
            .Then(JobStatus.Running, at: 90.Minutes() + 30.Seconds())
            .SucceedsAtTwoHours()
            .Build();

    /// <summary>
    /// A pause the provider refuses (the job is not in a state to pause): the update fails with the
    /// provider's reason, nothing about the job changes, and it is watched to its end as before.
    /// </summary>
    public static Scenario PauseRefused() =>
        Script.Job("pause-refused")
            .Prepared(at: 1.Seconds())
            .Created(JobStatus.ValidatingFiles, at: 3.Seconds())
            .Then(JobStatus.Queued, at: 4.Minutes())
            .Then(JobStatus.Running, at: 25.Minutes())
            .PauseRequested(at: 30.Minutes())
            .PauseFails("InvalidRequest", "Job ftjob-pause-refused cannot be paused: it is not running", at: 30.Minutes() + 1.Seconds())
            .SucceedsAtTwoHours()
            .Build();

    /// <summary>
    /// Cancelled while a pause is out: the pause is called off and its caller told, the pending
    /// check too, and the job is cancelled at the provider once and watched to its final status.
    /// </summary>
    public static Scenario CancelWhilePausing() =>
        Script.Job("cancel-while-pausing")
            .Prepared(at: 1.Seconds())
            .Created(JobStatus.ValidatingFiles, at: 3.Seconds())
            .Then(JobStatus.Queued, at: 4.Minutes())
            .Then(JobStatus.Running, at: 25.Minutes())
            .PauseRequested(at: 30.Minutes())
            .CancelRequestedWhilePauseOut(at: 30.Minutes() + 1.Seconds())
            .CancelAnswered(JobStatus.Cancelling, at: 30.Minutes() + 5.Seconds())
            .Then(JobStatus.Cancelled, at: 31.Minutes())
            .Build();

    /// <summary>
    /// Started as the Starter starts it, with Update-with-Start: the WaitForJob update is accepted
    /// in the first task (which schedules the create), answered with the job once it exists, and
    /// the job then runs as in <see cref="Success"/>.
    /// </summary>
    public static Scenario UpdateWithStart() =>
        Script.Job("update-with-start", updateWithStart: true)
            .Prepared(at: 1.Seconds())
            .Created(JobStatus.ValidatingFiles, at: 3.Seconds())
            .Then(JobStatus.Queued, at: 4.Minutes())
            .Then(JobStatus.Running, at: 25.Minutes())
            .SucceedsAtTwoHours()
            .Build();

    /// <summary>Update-with-Start whose create the provider rejects: the update fails with the reason, and so does the run.</summary>
    public static Scenario UpdateCreateRejected() =>
        Script.Job("update-create-rejected", updateWithStart: true)
            .Prepared(at: 1.Seconds())
            .ActivityFails(InvalidRequestException.ErrorType, "training_file must name a .jsonl file", at: 2.Seconds())
            .Build();

    public static Scenario ProviderFailure() =>
        Script.Job("provider-failure")
            .Prepared(at: 1.Seconds())
            .Created(JobStatus.ValidatingFiles, at: 3.Seconds())
            .FailedWith("invalid_training_file", "Line 12 of the training file is not valid JSON", "training_file", at: 2.Minutes())
            .Build();

    public static Scenario CancelledAtProvider() =>
        Script.Job("cancelled-at-provider")
            .Prepared(at: 1.Seconds())
            .Created(JobStatus.ValidatingFiles, at: 3.Seconds())
            .Then(JobStatus.Queued, at: 4.Minutes())
            .Then(JobStatus.Running, at: 25.Minutes())
            .Then(JobStatus.Cancelled, at: 40.Minutes())
            .Build();

    public static Scenario CancelDuringCreate() =>
        Script.Job("cancel-during-create")
            .Prepared(at: 1.Seconds())
            .CancelRequested(at: 2.Seconds())
            .Created(JobStatus.ValidatingFiles, at: 4.Seconds())
            .CancelAnswered(JobStatus.Cancelling, at: 6.Seconds())
            .Then(JobStatus.Cancelled, at: 40.Seconds())
            .Build();

    public static Scenario CancelDuringWait() =>
        Script.Job("cancel-during-wait")
            .Prepared(at: 1.Seconds())
            .Created(JobStatus.ValidatingFiles, at: 3.Seconds())
            .Then(JobStatus.Queued, at: 4.Minutes())
            .Then(JobStatus.Running, at: 25.Minutes())
            .CancelRequested(at: 45.Minutes(), acknowledgedAfter: 4.Seconds())
            .CancelAnswered(JobStatus.Cancelling, at: 45.Minutes() + 10.Seconds())
            .Then(JobStatus.Cancelled, at: 46.Minutes())
            .Build();

    /// <summary>The cancel and a status change reach the workflow in the same task: the wait is over, so only the job is cancelled.</summary>
    public static Scenario CancelWithStatusChange(bool suggestContinueAsNew = false) =>
        Script.Job(suggestContinueAsNew ? "cancel-with-continue-as-new" : "cancel-with-status-change")
            .Prepared(at: 1.Seconds())
            .Created(JobStatus.ValidatingFiles, at: 3.Seconds())
            .Then(JobStatus.Queued, at: 4.Minutes())
            .Then(JobStatus.Running, at: 25.Minutes(), suggestContinueAsNew: suggestContinueAsNew, cancelRequestedToo: true)
            .CancelAnswered(JobStatus.Cancelled, at: 25.Minutes() + 5.Seconds())
            .Build();

    public static Scenario CancelDuringResults() =>
        Script.Job("cancel-during-results")
            .Prepared(at: 1.Seconds())
            .Created(JobStatus.ValidatingFiles, at: 3.Seconds())
            .Then(JobStatus.Queued, at: 4.Minutes())
            .Then(JobStatus.Running, at: 25.Minutes())
            .Succeeded(at: 2.Hours(), FineTunedModel, trainedTokens: 1_250_000, "file-result-5d2e")
            .CancelRequested(at: 2.Hours() + 10.Seconds())
            .Results(at: 2.Hours() + 40.Seconds(), Metrics, Artifact)
            .Build();

    /// <summary>Create and a wait each fail twice (a 503, say) before an attempt gets through.</summary>
    public static Scenario RetriedActivities() =>
        Script.Job("retried-activities")
            .Prepared(at: 1.Seconds())
            .Created(JobStatus.ValidatingFiles, at: 9.Seconds(), attempt: 3, adopted: true)
            .Then(JobStatus.Queued, at: 4.Minutes(), attempt: 3)
            .Then(JobStatus.Running, at: 25.Minutes())
            .SucceedsAtTwoHours()
            .Build();

    public static Scenario CreateRejected() =>
        Script.Job("create-rejected")
            .Prepared(at: 1.Seconds())
            .ActivityFails(InvalidRequestException.ErrorType, "training_file must name a .jsonl file", at: 2.Seconds())
            .Build();

    /// <summary>A status nobody documented, and a pause: both just more statuses to wait out.</summary>
    public static Scenario UnknownAndPausedStatuses() =>
        Script.Job("unknown-and-paused")
            .Prepared(at: 1.Seconds())
            .Created(JobStatus.ValidatingFiles, at: 3.Seconds())
            .Then("defrosting", at: 2.Minutes())
            .Then(JobStatus.Queued, at: 4.Minutes())
            .Then(JobStatus.Running, at: 25.Minutes())
            .Then(JobStatus.Paused, at: 50.Minutes())
            .Then(JobStatus.Running, at: 70.Minutes())
            .SucceedsAtTwoHours()
            .Build();

    public static Scenario ContinueAsNew() =>
        Script.Job("continue-as-new")
            .Prepared(at: 1.Seconds())
            .Created(JobStatus.ValidatingFiles, at: 3.Seconds())
            .Then(JobStatus.Queued, at: 4.Minutes())
            .Then(JobStatus.Running, at: 25.Minutes(), suggestContinueAsNew: true)
            .Then(JobStatus.Paused, at: 50.Minutes())
            .Then(JobStatus.Running, at: 70.Minutes())
            .SucceedsAtTwoHours()
            .Build();

    /// <summary>Three days in a queue and in training, with a pause and worker restarts along the way.</summary>
    public static Scenario SeventyTwoHours() =>
        Script.Job("seventy-two-hours")
            .Prepared(at: 1.Seconds())
            .Created(JobStatus.ValidatingFiles, at: 3.Seconds())
            .Then(JobStatus.Queued, at: 12.Minutes())
            .Then(JobStatus.Running, at: 9.Hours(), attempt: 4)
            .Then(JobStatus.Paused, at: 30.Hours())
            .Then(JobStatus.Running, at: 31.Hours(), attempt: 2)
            .Succeeded(at: 72.Hours(), FineTunedModel, trainedTokens: 48_000_000, "file-result-5d2e")
            .Results(at: 72.Hours() + 3.Minutes(), Metrics, Artifact)
            .Build();

    /// <summary>
    /// Days without a change: hundreds of checks, each a retried attempt of one activity, leave
    /// the history as short as one check would (the attempt number tells how many there were).
    /// </summary>
    public static Scenario ChecksForDays() =>
        Script.Job("checks-for-days")
            .Prepared(at: 1.Seconds())
            .Created(JobStatus.ValidatingFiles, at: 3.Seconds())
            .Then(JobStatus.Queued, at: 3.Minutes(), attempt: 14)
            .Then(JobStatus.Running, at: 20.Hours(), attempt: 212)
            .Succeeded(at: 96.Hours(), FineTunedModel, trainedTokens: 48_000_000, attempt: 466, "file-result-5d2e")
            .Results(at: 96.Hours() + 3.Minutes(), Metrics, Artifact)
            .Build();

    /// <summary>A check refused with a Retry-After; the next attempt (after the provider's delay) sees the change.</summary>
    public static Scenario CheckAfterRetryAfter() =>
        Script.Job("check-after-retry-after")
            .Prepared(at: 1.Seconds())
            .Created(JobStatus.ValidatingFiles, at: 3.Seconds())
            .Then(JobStatus.Queued, at: 4.Minutes(), attempt: 9, before: JobScript.CheckEnd.RateLimited)
            .Then(JobStatus.Running, at: 25.Minutes())
            .SucceedsAtTwoHours()
            .Build();

    /// <summary>A check's worker died mid-call: the attempt timed out and the next one, on another worker, goes on.</summary>
    public static Scenario CheckAfterWorkerDied() =>
        Script.Job("check-after-worker-died")
            .Prepared(at: 1.Seconds())
            .Created(JobStatus.ValidatingFiles, at: 3.Seconds())
            .Then(JobStatus.Queued, at: 4.Minutes())
            .Then(JobStatus.Running, at: 25.Minutes(), attempt: 31, before: JobScript.CheckEnd.WorkerDied)
            .SucceedsAtTwoHours()
            .Build();

    /// <summary>A cancel while no check runs: the server cancels the activity at once and the job is cancelled.</summary>
    public static Scenario CancelBetweenChecks() =>
        Script.Job("cancel-between-checks")
            .Prepared(at: 1.Seconds())
            .Created(JobStatus.ValidatingFiles, at: 3.Seconds())
            .Then(JobStatus.Queued, at: 4.Minutes())
            .CancelRequested(at: 9.Hours())
            .CancelAnswered(JobStatus.Cancelling, at: 9.Hours() + 2.Seconds())
            .Then(JobStatus.Cancelled, at: 9.Hours() + 40.Seconds(), attempt: 3)
            .Build();

    /// <summary>
    /// The job succeeds nine hours in, while the next check is minutes away: the provider's
    /// webhook cuts the wait short and one read sees the end. Its repeat (the same event id) and
    /// an event about another job that reaches this workflow cost nothing.
    /// </summary>
    public static Scenario WebhookWhileRunning() =>
        Script.Job("webhook-while-running")
            .Prepared(at: 1.Seconds())
            .Created(JobStatus.ValidatingFiles, at: 3.Seconds())
            .Then(JobStatus.Queued, at: 4.Minutes())
            .Then(JobStatus.Running, at: 25.Minutes())
            .WebhookArrives(at: 9.Hours(), "msg_succeeded_1")
            .Succeeded(at: 9.Hours() + 400.Milliseconds(), FineTunedModel, trainedTokens: 812_000, "file-result-5d2e")
            .WebhookArrives(at: 9.Hours() + 1.Seconds(), "msg_succeeded_1")
            .WebhookArrives(at: 9.Hours() + 2.Seconds(), "msg_other_job", jobId: "ftjob-someone-else")
            .Results(at: 9.Hours() + 5.Seconds(), Metrics, Artifact)
            .Build();

    /// <summary>A job that fails validation: the webhook comes before the check after next, and one read sees the failure.</summary>
    public static Scenario WebhookWhileValidating() =>
        Script.Job("webhook-while-validating")
            .Prepared(at: 1.Seconds())
            .Created(JobStatus.ValidatingFiles, at: 3.Seconds())
            .WebhookArrives(at: 50.Seconds(), "msg_failed_1", type: "fine_tuning.job.failed")
            .FailedWith("invalid_training_file", "Line 12: no assistant message", "training_file", at: 50.Seconds() + 300.Milliseconds())
            .Build();

    /// <summary>
    /// An event that comes before the job has in fact moved (a clock ahead, a replayed delivery):
    /// the read finds it running, the wait goes on at its cadence, and a later event of the same
    /// job (another id) cuts it short again.
    /// </summary>
    public static Scenario WebhookEarly() =>
        Script.Job("webhook-early")
            .Prepared(at: 1.Seconds())
            .Created(JobStatus.Running, at: 3.Seconds())
            .WebhookArrives(at: 3.Hours(), "msg_early")
            .WebhookArrives(at: 5.Hours(), "msg_on_time", type: "fine_tuning.job.cancelled")
            .Then(JobStatus.Cancelled, at: 5.Hours() + 300.Milliseconds())
            .Build();

    /// <summary>
    /// Cancelled at the provider (its console) while queued: the webhook cuts the wait short and
    /// one read sees it; the same event delivered again during the next wait (the check it
    /// started) cuts nothing short, and the check after next sees nothing new.
    /// </summary>
    public static Scenario WebhookWhileQueued() =>
        Script.Job("webhook-while-queued")
            .Prepared(at: 1.Seconds())
            .Created(JobStatus.Queued, at: 3.Seconds())
            .WebhookArrives(at: 20.Minutes(), "msg_cancelled_q", type: "fine_tuning.job.cancelled")
            .WebhookArrives(at: 20.Minutes() + 100.Milliseconds(), "msg_cancelled_q", type: "fine_tuning.job.cancelled")
            .Then(JobStatus.Cancelled, at: 20.Minutes() + 300.Milliseconds())
            .Build();

    /// <summary>After a cancel, the wait for the provider's last word is cut short the same way (and is still not cancellable).</summary>
    public static Scenario WebhookAfterCancel() =>
        Script.Job("webhook-after-cancel")
            .Prepared(at: 1.Seconds())
            .Created(JobStatus.Running, at: 3.Seconds())
            .CancelRequested(at: 2.Hours())
            .CancelAnswered(JobStatus.Cancelling, at: 2.Hours() + 2.Seconds())
            .WebhookArrives(at: 2.Hours() + 20.Seconds(), "msg_cancelled", type: "fine_tuning.job.cancelled")
            .Then(JobStatus.Cancelled, at: 2.Hours() + 20.Seconds() + 300.Milliseconds())
            .Build();

    /// <summary>An event during the create (a job that failed at once, its create answer still on the way): nothing to cut short, the first check reads the job.</summary>
    public static Scenario WebhookBeforeJob() =>
        Script.Job("webhook-before-job")
            .Prepared(at: 1.Seconds())
            .WebhookArrives(at: 2.Seconds(), "msg_fast_failure", jobId: "ftjob-abc123", type: "fine_tuning.job.failed")
            .Created(JobStatus.ValidatingFiles, at: 3.Seconds())
            .FailedWith("invalid_training_file", "Line 1: not a JSON object", "training_file", at: 4.Seconds())
            .Build();

    /// <summary>An option is refused before any create: the run fails and no job is ever asked for.</summary>
    public static Scenario PrepareRejected() =>
        Script.Job("prepare-rejected")
            .ActivityFails(InvalidRequestException.ErrorType, "poll_policy: MinInterval must be positive", at: 1.Seconds())
            .Build();

    /// <summary>A cancel before any create was sent ends the run at once: there is no job to cancel.</summary>
    public static Scenario CancelDuringPrepare() =>
        Script.Job("cancel-during-prepare")
            .CancelRequested(at: 500.Milliseconds())
            .Build();

    /// <summary>The same, started by the Starter: its WaitForJob update hears that no job exists.</summary>
    public static Scenario UpdateCancelDuringPrepare() =>
        Script.Job("update-cancel-during-prepare", updateWithStart: true)
            .CancelRequested(at: 500.Milliseconds())
            .Build();

    /// <summary>A cancel while the create runs: the update still answers with the job, which is then cancelled.</summary>
    public static Scenario UpdateCancelDuringCreate() =>
        Script.Job("update-cancel-during-create", updateWithStart: true)
            .Prepared(at: 1.Seconds())
            .CancelRequested(at: 2.Seconds())
            .Created(JobStatus.ValidatingFiles, at: 4.Seconds())
            .CancelAnswered(JobStatus.Cancelling, at: 6.Seconds())
            .Then(JobStatus.Cancelled, at: 40.Seconds())
            .Build();

    /// <summary>A cancel lands in the very task the continue-as-new pause's timer fires in: it is carried out, not dropped.</summary>
    public static Scenario CancelWithContinueAsNewTimer() =>
        Script.Job("cancel-with-continue-as-new-timer")
            .Prepared(at: 1.Seconds())
            .Created(JobStatus.ValidatingFiles, at: 3.Seconds())
            .Then(JobStatus.Queued, at: 4.Minutes())
            .Then(JobStatus.Running, at: 25.Minutes(), suggestContinueAsNew: true, cancelWithPauseTimer: true)
            .CancelAnswered(JobStatus.Cancelled, at: 25.Minutes() + 5.Seconds())
            .Build();

    /// <summary>A wait fails for good (as older activity policies allowed on a 404): the job is cancelled before the run fails.</summary>
    public static Scenario WatchFails() =>
        Script.Job("watch-fails")
            .Prepared(at: 1.Seconds())
            .Created(JobStatus.ValidatingFiles, at: 3.Seconds())
            .Then(JobStatus.Queued, at: 4.Minutes())
            .ActivityFails(ProviderErrorTypes.NotFound, "retrieve job ftjob-watch-fails failed with 404 Not Found", at: 30.Minutes())
            .CancelAnswered(JobStatus.Cancelling, at: 30.Minutes() + 5.Seconds())
            .Then(JobStatus.Cancelled, at: 31.Minutes())
            .Build();

    /// <summary>The watch fails just as the job succeeds: the cancel finds it ended, and its results are still stored.</summary>
    public static Scenario WatchFailsAfterSuccess() =>
        Script.Job("watch-fails-after-success")
            .Prepared(at: 1.Seconds())
            .Created(JobStatus.ValidatingFiles, at: 3.Seconds())
            .Then(JobStatus.Running, at: 25.Minutes())
            .ActivityFails(ProviderErrorTypes.QuotaExceeded, "retrieve job failed: the provider account is out of quota", at: 2.Hours())
            .CancelAnswered(JobStatus.Succeeded, at: 2.Hours() + 5.Seconds())
            .Results(at: 2.Hours() + 40.Seconds(), Metrics, Artifact)
            .Build();

    /// <summary>
    /// A retry of a run that failed (a workflow retry policy): the create keys on the chain's first
    /// run id, as the failed run did, and looks for that run's job before creating.
    /// </summary>
    public static Scenario RetriedRun() =>
        Script.Job("retried-run", runStart: JobScript.RunStart.Retry)
            .Prepared(at: 1.Seconds())
            .Created(JobStatus.Running, at: 3.Seconds(), adopted: true)
            .SucceedsAtTwoHours()
            .Build();

    /// <summary>An operator reset the workflow to its first task: the new run creates with the base run's key.</summary>
    public static Scenario ResetBeforeCreate() =>
        Script.Job("reset-before-create", runStart: JobScript.RunStart.Reset)
            .Prepared(at: 1.Seconds())
            .Created(JobStatus.Queued, at: 3.Seconds(), adopted: true)
            .SucceedsAtTwoHours()
            .Build();

    /// <summary>The usual ending: the job succeeds two hours in, and its results are stored 40 s later.</summary>
    /// <summary>A run after a reset, with a limit of three for the model and every slot held: it asked and was not granted.</summary>
    private static JobScript ResetWithAllSlotsHeld(string name) =>
        Script.Job(name, runStart: JobScript.RunStart.Reset)
            .Prepared(at: 1.Seconds(), slotLimit: 3)
            .SlotAnswered(granted: false, at: 2.Seconds());

    private static JobScript SucceedsAtTwoHours(this JobScript script) =>
        script
            .Succeeded(at: 2.Hours(), FineTunedModel, trainedTokens: 1_250_000, "file-result-5d2e")
            .Results(at: 2.Hours() + 40.Seconds(), Metrics, Artifact);
}
