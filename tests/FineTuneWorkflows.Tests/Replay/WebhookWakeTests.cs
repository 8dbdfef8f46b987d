using FineTuneWorkflows.Activities.Polling;
using FineTuneWorkflows.Tests.Replay.Capture;
using FineTuneWorkflows.Tests.Replay.History;
using FineTuneWorkflows.Tests.Replay.Scripting;
using FineTuneWorkflows.Wire;
using FineTuneWorkflows.Workflows;

namespace FineTuneWorkflows.Tests.Replay;

/// <summary>
/// What a <c>JobWebhook</c> signal does to a wait beyond the scripted scenarios (<c>webhook-*</c>):
/// a malformed one changes nothing, and one an older worker took in without acting on it replays
/// as that worker ran (the patch is decided when the event comes, and was not taken then).
/// </summary>
public class WebhookWakeTests
{
    /// <summary>
    /// A signal with no event (anyone with access to the namespace can send one) neither wakes the
    /// wait nor fails the workflow task; nor does an event about another job, new as its id is.
    /// </summary>
    [Fact]
    public async Task MalformedOrForeignSignal_ChangesNothing()
    {
        var scenario = Script.Job("webhook-malformed")
            .Prepared(at: 1.Seconds())
            .Created(JobStatus.Running, at: 3.Seconds())
            .WebhookArrives(at: 1.Hours(), "msg_foreign", jobId: "ftjob-someone-else")
            .WebhookArrives(at: 2.Hours(), eventId: null)
            .Then(JobStatus.Succeeded, at: 2.Hours() + 5.Minutes(), attempt: 3)
            .Build();

        var replayed = await ReplayAssert.MatchesScriptAsync(scenario);

        Assert.Equal([ActivityTypes.Prepare, ActivityTypes.Create, ActivityTypes.Wait, ActivityTypes.Retrieve], replayed.ActivityNames());
    }

    /// <summary>
    /// A worker from before webhooks got the signal (no handler: buffered, no command) while a
    /// check was pending; today's worker replays that task without cutting the check short, and
    /// the check it waited on ends the wait.
    /// </summary>
    [Fact]
    public async Task SignalTakenInByAnOlderWorker_ReplaysWithoutTheWake()
    {
        var scenario = Script.Job("webhook-older-worker")
            .Prepared(at: 1.Seconds())
            .Created(JobStatus.Running, at: 3.Seconds())
            .Build();
        var history = scenario.Last.History;
        var writer = HistoryWriter.Continuing(history, history.Events.Count);
        var checkScheduled = history.Events.Last(e => e.ActivityTaskScheduledEventAttributes?.ActivityType?.Name == ActivityTypes.Wait).EventId;
        writer.AdvanceTo(writer.Now + TimeSpan.FromHours(2));
        writer.WorkflowExecutionSignaled("JobWebhook", TemporalPayloads.Payload(new JobWebhook("msg_1", "fine_tuning.job.succeeded", "ftjob-webhook-older-worker", 0)));
        writer.WorkflowTask();
        writer.AdvanceTo(writer.Now + TimeSpan.FromMinutes(5));
        var succeeded = new FineTuningJob
        {
            Id = "ftjob-webhook-older-worker", Model = "gpt-4o-mini-2024-07-18", Status = JobStatus.Succeeded, CreatedAt = Script.Epoch.ToUnixTimeSeconds(),
            FineTunedModel = "ft:gpt-4o-mini:acme", ResultFiles = ["file-result-1"],
        };
        var started = writer.ActivityTaskStarted(checkScheduled, attempt: 40);
        writer.ActivityTaskCompleted(checkScheduled, started, TemporalPayloads.Payload(new CheckJobOutput(succeeded, Polls: 40)));
        writer.WorkflowTask();

        var replayed = await WorkflowReplay.RunAsync(writer.ToHistory());

        Assert.Null(replayed.Failure);
        Assert.Equal([ActivityTypes.Prepare, ActivityTypes.Create, ActivityTypes.Wait, ActivityTypes.Retrieve], replayed.ActivityNames());
    }
}
