using FineTuneWorkflows.Tests.Replay.Capture;
using FineTuneWorkflows.Tests.Support;
using Microsoft.Extensions.Logging;
using Temporalio.Api.Enums.V1;
using Temporalio.Common;

namespace FineTuneWorkflows.Tests.Replay;

/// <summary>
/// What the workflow tells an operator through its log, scenario by scenario. The workflow logs
/// only in the task a history ends in (the SDK stays quiet while replaying), so the history is
/// cut at every task a worker would pick up, and what each such task logs is gathered.
/// </summary>
public class WorkflowLogTests
{
    private static async Task<List<Entry>> LogsOfAsync(Scripting.Scenario scenario)
    {
        var entries = new List<Entry>();
        foreach (var run in scenario.Runs)
        {
            var events = run.History.Events.ToList();
            foreach (var started in events.Where(e => e.EventType == EventType.WorkflowTaskStarted))
            {
                using var logs = new CapturingLoggerFactory();
                var replayed = await WorkflowReplay.RunAsync(new WorkflowHistory(run.History.Id, events.Take((int)started.EventId).ToList()), logs);
                Assert.Null(replayed.Failure);
                entries.AddRange(logs.Entries);
            }
        }

        return entries;
    }

    private static IEnumerable<Entry> Saying(IEnumerable<Entry> entries, string template) => entries.Where(e => e.Template == template);

    [Fact]
    public async Task Success_LogsTheCreateAndEveryStatusChange_AndNoSurprise()
    {
        var logs = await LogsOfAsync(Scenarios.Success());

        var created = Assert.Single(Saying(logs, "Job {JobId} created at {Provider} with status {Status}"));
        Assert.Equal(LogLevel.Information, created.Level);
        Assert.Equal("ftjob-success", created.Values["JobId"]);
        Assert.Equal("validating_files", created.Values["Status"]);
        Assert.Equal(["queued", "running", "succeeded"], Saying(logs, "Job {JobId} is now {Status}").Select(e => e.Values["Status"]));
        Assert.DoesNotContain(logs, e => e.Level >= LogLevel.Warning);
    }

    [Fact]
    public async Task UnknownStatus_LogsAWarningForEachMoveTheLifecycleDoesNotExpect()
    {
        var logs = await LogsOfAsync(Scenarios.UnknownAndPausedStatuses());

        var surprises = Saying(logs, "Job {JobId} went from {From} to {To}, which its lifecycle does not expect").ToList();
        Assert.All(surprises, e => Assert.Equal(LogLevel.Warning, e.Level));
        Assert.Equal(["validating_files→defrosting", "defrosting→queued"], surprises.Select(e => $"{e.Values["From"]}→{e.Values["To"]}"));
    }

    [Fact]
    public async Task WatchFails_WarnsWithTheProvidersReasonAndLogsTheCancel()
    {
        var logs = await LogsOfAsync(Scenarios.WatchFails());

        var failed = Assert.Single(Saying(logs, "The watch of job {JobId} failed for good ({Reason}); cancelling the job"));
        Assert.Equal(LogLevel.Warning, failed.Level);
        Assert.Equal("retrieve job ftjob-watch-fails failed with 404 Not Found", failed.Values["Reason"]);
        Assert.Equal("ftjob-watch-fails", Assert.Single(Saying(logs, "Cancel requested: cancelling job {JobId} at the provider")).Values["JobId"]);
    }

    [Fact]
    public async Task ContinueAsNew_LogsWhyTheRunContinues()
    {
        var logs = await LogsOfAsync(Scenarios.ContinueAsNew());

        var continued = Assert.Single(Saying(logs, "Continuing job {JobId} as new after {Events} history events"));
        Assert.Equal("ftjob-continue-as-new", continued.Values["JobId"]);
    }

    [Fact]
    public async Task Webhook_LogsThatTheWaitWasCutShort()
    {
        var logs = await LogsOfAsync(Scenarios.WebhookWhileRunning());

        var woken = Assert.Single(Saying(logs, "A provider event about job {JobId} came: checking it at once"));
        Assert.Equal("ftjob-webhook-while-running", woken.Values["JobId"]);
    }
}
