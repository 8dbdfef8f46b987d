using FineTuneWorkflows.Activities.Visibility;
using FineTuneWorkflows.Tests.Replay.Capture;
using FineTuneWorkflows.Tests.Replay.History;
using FineTuneWorkflows.Workflows;
using Temporalio.Api.Enums.V1;
using Temporalio.Exceptions;

namespace FineTuneWorkflows.Tests.Webhooks;

/// <summary>
/// The <c>DeliverWebhook</c> workflow in replay: it finds the fine-tune that follows the job and
/// signals it; a job no workflow follows, or whose run has ended, is dropped without harm.
/// </summary>
public class WebhookDeliveryReplayTests
{
    private static readonly DateTimeOffset Start = new(2025, 6, 2, 18, 0, 0, TimeSpan.Zero);
    private static readonly JobWebhook Event = new("msg_2Lkd0Lk", "fine_tuning.job.succeeded", "ftjob-abc123", Start.ToUnixTimeSeconds());
    private static readonly CapturedCall Search = new(
        CapturedCall.Activity, "FindWorkflows", TemporalPayloads.Json(new FindWorkflowsInput("FineTuneJobId = 'ftjob-abc123'")));

    /// <summary>Started as the starter starts it; the search scheduled in the first task.</summary>
    private static (HistoryWriter Writer, long Scheduled) Searching()
    {
        var writer = new HistoryWriter("ftw-webhook:openai:msg_2Lkd0Lk", "fine-tune", Start);
        writer.WorkflowExecutionStarted(TemporalPayloads.Payload(Event), "delivery-run-1", workflowType: "DeliverWebhook");
        var task = writer.WorkflowTask();
        var scheduled = writer.ActivityTaskScheduled(task.CompletedEventId, "1", "FindWorkflows", TemporalPayloads.Payload(new FindWorkflowsInput("FineTuneJobId = 'ftjob-abc123'")), WebhookDeliveryWorkflow.Search);
        return (writer, scheduled);
    }

    private static HistoryWriter Found(FindWorkflowsOutput output)
    {
        var (writer, scheduled) = Searching();
        writer.AdvanceTo(Start.AddSeconds(2));
        var started = writer.ActivityTaskStarted(scheduled, attempt: 2);
        writer.ActivityTaskCompleted(scheduled, started, TemporalPayloads.Payload(output));
        return writer;
    }

    [Fact]
    public async Task FoundRunning_SignalsIt_ThenCompletes()
    {
        var writer = Found(new FindWorkflowsOutput(["fine-tune-1"]));
        var task = writer.WorkflowTask();
        var initiated = writer.SignalExternalWorkflowExecutionInitiated(task.CompletedEventId, "fine-tune-1", "JobWebhook", TemporalPayloads.Payload(Event));
        writer.ExternalWorkflowExecutionSignaled(initiated, "fine-tune-1");
        task = writer.WorkflowTask();
        writer.WorkflowExecutionCompleted(task.CompletedEventId, TemporalPayloads.Payload(new WebhookDelivery(Found: true, ["fine-tune-1"])));

        var replayed = await WorkflowReplay.RunAsync(writer.ToHistory());

        Assert.Null(replayed.Failure);
        Assert.Equal(
            [Search, new CapturedCall(CapturedCall.Signal, "JobWebhook", TemporalPayloads.Json(new { Id = "fine-tune-1", Argument = Event }))],
            replayed.Calls);
        Assert.Equal(OutcomeKind.Completed, replayed.Outcome.Kind);
        Assert.Equal(TemporalPayloads.Json(new WebhookDelivery(Found: true, ["fine-tune-1"])), replayed.Outcome.Json);
    }

    /// <summary>
    /// Its run has ended (before the search, or between it and the signal; the search counts closed
    /// runs, since a run that continued as new shows closed before its successor shows): the signal
    /// fails and the delivery ends, found but signalling none.
    /// </summary>
    [Fact]
    public async Task TargetEndedBeforeTheSignal_CompletesWithoutFailing()
    {
        var writer = Found(new FindWorkflowsOutput(["fine-tune-1"]));
        var task = writer.WorkflowTask();
        var initiated = writer.SignalExternalWorkflowExecutionInitiated(task.CompletedEventId, "fine-tune-1", "JobWebhook", TemporalPayloads.Payload(Event));
        writer.SignalExternalWorkflowExecutionFailed(task.CompletedEventId, initiated, "fine-tune-1");
        writer.WorkflowTask();

        var replayed = await WorkflowReplay.RunAsync(writer.ToHistory());

        Assert.Null(replayed.Failure);
        Assert.Equal(OutcomeKind.Completed, replayed.Outcome.Kind);
        Assert.Equal(TemporalPayloads.Json(new WebhookDelivery(Found: true, [])), replayed.Outcome.Json);
    }

    /// <summary>Started without an event (never by the starter): nothing to deliver, and no failed task.</summary>
    [Fact]
    public async Task NoEvent_DeliversNothing()
    {
        var writer = new HistoryWriter("ftw-webhook:openai:empty", "fine-tune", Start);
        writer.WorkflowExecutionStarted(TemporalPayloads.Payload(null), "delivery-run-1", workflowType: "DeliverWebhook");
        writer.WorkflowTask();

        var replayed = await WorkflowReplay.RunAsync(writer.ToHistory());

        Assert.Null(replayed.Failure);
        Assert.Empty(replayed.Calls);
        Assert.Equal(TemporalPayloads.Json(new WebhookDelivery(Found: false, [])), replayed.Outcome.Json);
    }

    /// <summary>Another client's job in the same provider project: looked for, never found, dropped without failing anything.</summary>
    [Fact]
    public async Task NoWorkflowWithinTheSearchTime_CompletesNotFound()
    {
        var (writer, scheduled) = Searching();
        writer.AdvanceTo(Start + WebhookDeliveryWorkflow.SearchFor);
        var started = writer.ActivityTaskStarted(scheduled, attempt: 19, TemporalPayloads.Failure(new ApplicationFailureException("No workflow matches yet", VisibilityActivities.NotVisibleYet)));
        writer.ActivityTaskTimedOut(scheduled, started, new() { Message = "activity ScheduleToClose timeout", TimeoutFailureInfo = new() { TimeoutType = TimeoutType.ScheduleToClose } });
        writer.WorkflowTask();

        var replayed = await WorkflowReplay.RunAsync(writer.ToHistory());

        Assert.Null(replayed.Failure);
        Assert.Equal([Search], replayed.Calls);
        Assert.Equal(TemporalPayloads.Json(new WebhookDelivery(Found: false, [])), replayed.Outcome.Json);
    }

    [Theory]
    [InlineData("ftjob-abc123", "FineTuneJobId = 'ftjob-abc123'")]
    [InlineData("ftjob-a'b", "FineTuneJobId = 'ftjob-a\\'b'")]
    [InlineData("ftjob-a\\' OR 'x'='x", "FineTuneJobId = 'ftjob-a\\\\\\' OR \\'x\\'=\\'x'")]
    public void Query_EscapesTheJobId(string jobId, string expected) => Assert.Equal(expected, WebhookDeliveryWorkflow.QueryFor(jobId));

    [Fact]
    public void Query_NoJobId_IsRefusedByName() =>
        Assert.Equal("jobId", Assert.Throws<ArgumentNullException>(() => WebhookDeliveryWorkflow.QueryFor(null!)).ParamName);
}
