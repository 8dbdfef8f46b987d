using FineTuneWorkflows.Activities.Provider;
using FineTuneWorkflows.Tests.Replay.Capture;
using FineTuneWorkflows.Tests.Support;
using FineTuneWorkflows.Wire;
using Google.Protobuf.WellKnownTypes;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;
using Temporalio.Common;

namespace FineTuneWorkflows.Tests.Replay;

/// <summary>
/// A cancel can land before any workflow task. For every task of every scenario's history, a
/// cancel request is put just before it, and the task is handed to the workflow as new work (as
/// the server would hand it): whatever the task brought, the run must end with its job cancelled
/// or final, or be on its way to cancelling it — never continue as new, never fail or complete
/// with the job still able to run, never call a create off halfway.
/// </summary>
public class CancelAtEveryTaskTests
{
    public static TheoryData<string> Names => [.. Scenarios.Names];

    [Theory]
    [MemberData(nameof(Names))]
    public async Task Cancel_BeforeAnyWorkflowTask_NeverLeavesTheJobRunningUnwatched(string name)
    {
        var injected = 0;
        foreach (var run in Scenarios.Get(name).Runs)
        {
            var events = run.History.Events.ToList();
            foreach (var started in events.Where(e => e.EventType == EventType.WorkflowTaskStarted))
            {
                var before = events.TakeWhile(e => e.EventId < started.EventId).ToList();
                if (before.Any(e => e.EventType == EventType.WorkflowExecutionCancelRequested || IsClosed(e)))
                {
                    // A cancel already came (the scenario's own), or the run had ended.
                    continue;
                }

                var history = WithCancelBefore(events, started);
                var replayed = await WorkflowReplay.RunAsync(new WorkflowHistory(run.History.Id, history));
                var cut = $"{name} {run.RunId}, cancel before the task started at event {started.EventId}";
                Assert.True(replayed.Failure is null, $"{cut}: {replayed.Failure}");
                Holds(JobAt(before), replayed, NewCalls(replayed, before), cut);
                injected++;
            }
        }

        Assert.True(injected > 0, $"{name}: no task to put a cancel before");
        RunReport.Line($"cancel injection: {name}: a cancel put before each of its {injected} workflow tasks, the promise held");
    }

    /// <summary>What the promise allows once a task has seen the cancel.</summary>
    private static void Holds(JobState job, ReplayRecord replayed, IReadOnlyList<CapturedCall> made, string cut)
    {
        var outcome = replayed.Outcome;
        Assert.True(outcome.Kind != OutcomeKind.ContinuedAsNew, $"{cut}: continued as new; the new run would never hear of the cancel");
        var scheduled = made.Where(c => c.Kind == CapturedCall.Activity).Select(c => c.Name).ToList();
        switch (job)
        {
            case { Created: false, CreatePending: false } when job.FollowsEarlierRun || job.CreateRefused:
                // No create is out, but the run before a reset or a retry may have made the job, or
                // a create of this run was refused for want of room (a gateway's retry may have met
                // our own job's cap): the run must look for it (never create one) before it ends.
                Assert.DoesNotContain("CreateJob", scheduled);
                Assert.True(
                    scheduled.Contains("FindJob") || job.Finding,
                    $"{cut}: a job may exist (earlier run: {job.FollowsEarlierRun}, create refused: {job.CreateRefused}), yet ended {outcome.Kind} scheduling {string.Join(", ", scheduled)} without looking for it");
                break;
            case { Created: false, CreatePending: false }:
                // No create was ever sent: ending cancelled at once is right; a create must not start.
                Assert.DoesNotContain("CreateJob", scheduled);
                Assert.True(
                    outcome.Kind is OutcomeKind.Cancelled or OutcomeKind.Failed || (outcome.Kind == OutcomeKind.Running && GivesSlotBack(replayed.Calls)),
                    $"{cut}: no job, yet the run goes on ({outcome.Kind})");
                break;
            case { Created: false, CreatePending: true }:
                // The create may reach the provider: it is never cut short, and the run waits for it.
                Assert.Equal(OutcomeKind.Running, outcome.Kind);
                break;
            case { Final: null }:
                // A job that can run: cancelled at the provider now, or already being cancelled.
                Assert.True(
                    scheduled.Contains("CancelJob") || job.Cancelling,
                    $"{cut}: job {job.Status} can run, but the task scheduled {string.Join(", ", scheduled)} and ended {outcome.Kind}");
                Assert.True(outcome.Kind == OutcomeKind.Running, $"{cut}: ended {outcome.Kind} while its job can run");
                break;
            case { Final: JobStatus.Succeeded }:
                // Paid for and done: its results are stored whatever the cancel says.
                // (Stored, the run's last act may be to give its slot back before it completes.)
                Assert.True(
                    scheduled.Contains("RetrieveResultFiles") || job.Retrieving || outcome.Kind == OutcomeKind.Completed
                    || (outcome.Kind == OutcomeKind.Running && GivesSlotBack(replayed.Calls)),
                    $"{cut}: a succeeded job's results are not being stored");
                break;
            default:
                Assert.True(outcome.Kind is OutcomeKind.Cancelled or OutcomeKind.Failed, $"{cut}: the job is {job.Final}, yet the run ended {outcome.Kind}");
                break;
        }
    }

    /// <summary>
    /// The run's last act is to give its slot of the local limits back (<c>Release</c>): it ends in
    /// the task after the signal has landed, with nothing else scheduled meanwhile.
    /// </summary>
    private static bool GivesSlotBack(IReadOnlyList<CapturedCall> calls) =>
        calls.LastOrDefault(c => c.Kind is CapturedCall.Activity or CapturedCall.Signal or CapturedCall.Timer) is { Kind: CapturedCall.Signal, Name: "Release" };

    /// <summary>Where the job stood when the task began, read from the history before it.</summary>
    private sealed record JobState(bool Created, bool CreatePending, string? Status, bool Cancelling, bool Retrieving, bool FollowsEarlierRun, bool Finding, bool CreateRefused)
    {
        public string? Final => Status is { } s && JobStatus.IsTerminal(s) ? s : null;
    }

    private static JobState JobAt(List<HistoryEvent> before)
    {
        var scheduled = before.Where(e => e.EventType == EventType.ActivityTaskScheduled).ToDictionary(e => e.EventId, e => e.ActivityTaskScheduledEventAttributes.ActivityType.Name);
        var closed = before.Where(e => e.EventType is EventType.ActivityTaskCompleted or EventType.ActivityTaskFailed or EventType.ActivityTaskCanceled or EventType.ActivityTaskTimedOut)
            .Select(ScheduledIdOf).ToHashSet();
        // Made by this run's create, or found by a find (an earlier run's, after a reset).
        var created = before.Any(e => e.EventType == EventType.ActivityTaskCompleted && scheduled[e.ActivityTaskCompletedEventAttributes.ScheduledEventId] == "CreateJob")
            || before.Any(e => e.EventType == EventType.ActivityTaskCompleted && scheduled[e.ActivityTaskCompletedEventAttributes.ScheduledEventId] == "FindJob"
                && StatusIn(e.ActivityTaskCompletedEventAttributes.Result.Payloads_[0].Data.ToStringUtf8()) is not null)
            || before.First().WorkflowExecutionStartedEventAttributes.Input.Payloads_[0].Data.ToStringUtf8().Contains("\"Carry\":{", StringComparison.Ordinal);
        var pending = scheduled.Where(s => !closed.Contains(s.Key)).Select(s => s.Value).ToList();
        // The job as the last activity that answered with it saw it (the task about to run has
        // not recorded it yet); a continued run starts from the job it carries.
        var status = new[] { StatusIn(before.First().WorkflowExecutionStartedEventAttributes.Input.Payloads_[0].Data.ToStringUtf8(), "Carry") }
            .Concat(before.Where(e => e.EventType == EventType.ActivityTaskCompleted)
                .Select(e => StatusIn(e.ActivityTaskCompletedEventAttributes.Result.Payloads_[0].Data.ToStringUtf8())))
            .LastOrDefault(s => s is not null);
        // A run that is not its chain's first, and carries no job: a retry, or a reset as a worker sees it.
        var started = before.First().WorkflowExecutionStartedEventAttributes;
        var followsEarlierRun = started.OriginalExecutionRunId != started.FirstExecutionRunId
            && !started.Input.Payloads_[0].Data.ToStringUtf8().Contains("\"Carry\":{", StringComparison.Ordinal);
        // Refused for want of room: the one refusal that does not prove no job was made.
        var createRefused = before.Any(e => e.EventType == EventType.ActivityTaskFailed && scheduled[e.ActivityTaskFailedEventAttributes.ScheduledEventId] == "CreateJob"
            && ProviderErrorTypes.IsCapacity(e.ActivityTaskFailedEventAttributes.Failure.ApplicationFailureInfo?.Type));
        return new JobState(
            created, pending.Contains("CreateJob"), created ? status : null, scheduled.ContainsValue("CancelJob"), pending.Contains("RetrieveResultFiles"), followsEarlierRun, pending.Contains("FindJob"), createRefused);
    }

    private static string? StatusIn(string json, string holder = "")
    {
        using var document = System.Text.Json.JsonDocument.Parse(json);
        var root = document.RootElement;
        if (holder.Length > 0 && (!root.TryGetProperty(holder, out root) || root.ValueKind != System.Text.Json.JsonValueKind.Object))
        {
            return null;
        }

        return root.TryGetProperty("Job", out var job) && job.ValueKind == System.Text.Json.JsonValueKind.Object && job.TryGetProperty("status", out var status)
            ? JobStatus.Normalize(status.GetString())
            : null;
    }

    private static long ScheduledIdOf(HistoryEvent e) => e.EventType switch
    {
        EventType.ActivityTaskCompleted => e.ActivityTaskCompletedEventAttributes.ScheduledEventId,
        EventType.ActivityTaskFailed => e.ActivityTaskFailedEventAttributes.ScheduledEventId,
        EventType.ActivityTaskCanceled => e.ActivityTaskCanceledEventAttributes.ScheduledEventId,
        _ => e.ActivityTaskTimedOutEventAttributes.ScheduledEventId,
    };

    private static bool IsClosed(HistoryEvent e) => e.EventType is EventType.WorkflowExecutionCompleted or EventType.WorkflowExecutionFailed
        or EventType.WorkflowExecutionCanceled or EventType.WorkflowExecutionContinuedAsNew;

    /// <summary>The calls the workflow made in the task that saw the cancel: those past what the history before it had made.</summary>
    private static List<CapturedCall> NewCalls(ReplayRecord replayed, List<HistoryEvent> before)
    {
        var already = before.Count(e => e.EventType is EventType.ActivityTaskScheduled);
        var activities = replayed.Calls.Where(c => c.Kind is CapturedCall.Activity).ToList();
        return activities.Skip(already).ToList();
    }

    /// <summary>
    /// The history up to the task that starts at <paramref name="started"/>, with a cancel request
    /// written just before that task was scheduled: the task sees the cancel with whatever else it
    /// brought. The two events after the cancel move up by one, and the started event's reference
    /// to its scheduled event with them.
    /// </summary>
    private static List<HistoryEvent> WithCancelBefore(List<HistoryEvent> events, HistoryEvent started)
    {
        var scheduledId = started.WorkflowTaskStartedEventAttributes.ScheduledEventId;
        var history = events.Where(e => e.EventId < scheduledId).Select(e => e.Clone()).ToList();
        history.Add(new HistoryEvent
        {
            EventId = scheduledId,
            EventTime = events[(int)scheduledId - 1].EventTime ?? Timestamp.FromDateTimeOffset(DateTimeOffset.UnixEpoch),
            EventType = EventType.WorkflowExecutionCancelRequested,
            WorkflowExecutionCancelRequestedEventAttributes = new() { Cause = "cancelled at an unlucky moment", Identity = "client" },
        });
        var scheduled = events[(int)scheduledId - 1].Clone();
        scheduled.EventId = scheduledId + 1;
        history.Add(scheduled);
        var start = started.Clone();
        start.EventId = started.EventId + 1;
        start.WorkflowTaskStartedEventAttributes.ScheduledEventId = scheduledId + 1;
        history.Add(start);
        return history;
    }
}
