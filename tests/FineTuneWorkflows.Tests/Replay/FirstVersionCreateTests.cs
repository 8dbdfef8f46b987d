using FineTuneWorkflows.Activities.Creation;
using FineTuneWorkflows.Activities.Provider;
using FineTuneWorkflows.Tests.Replay.Capture;
using FineTuneWorkflows.Tests.Replay.Fixtures;
using FineTuneWorkflows.Tests.Replay.History;
using FineTuneWorkflows.Wire;
using FineTuneWorkflows.Workflows;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Failure.V1;
using Temporalio.Common;

namespace FineTuneWorkflows.Tests.Replay;

/// <summary>
/// A run the first version began, whose create was scheduled under that version's retry policy
/// (a rotated key, a 404 or an exhausted quota final; an hour at most) and then ran on today's
/// worker, which reports "a job may exist" with those very failure types. The committed v1
/// history is cut where the create was under way; what follows is written here as the server
/// would, ending at a task a worker of today's code picks up (started, not yet answered).
/// </summary>
public class FirstVersionCreateTests
{
    private const string Fixture = "v1/create-rejected.run1";

    /// <summary>Events 1–6 of the fixture: started, first task, CreateJob scheduled and started.</summary>
    private const int CreateUnderWay = 6;

    private const long CreateScheduled = 5;

    /// <summary>The same, started by the Starter (Update-with-Start): events 1–7, the update accepted at 5, CreateJob scheduled at 6.</summary>
    private const string UpdateFixture = "v1/update-create-rejected.run1";

    private static readonly Failure ScheduleToCloseTimeout = new() { Message = "activity ScheduleToClose timeout", TimeoutFailureInfo = new() { TimeoutType = TimeoutType.ScheduleToClose } };

    private static Failure MayHaveCreated(string type) => new()
    {
        Message = $"Incorrect API key provided. (retrying: a create may have reached the provider, so the job is looked for until it is found or proved absent)",
        ApplicationFailureInfo = new() { Type = type },
    };

    /// <summary>The create failed for good under v1's policy; a task of today's code picks the run up.</summary>
    private static HistoryWriter CreateFailedForGood(Failure failure, RetryState retryState = RetryState.NonRetryableFailure, bool startedByTheStarter = false)
    {
        var (underWay, scheduled) = startedByTheStarter ? (CreateUnderWay + 1, CreateScheduled + 1) : (CreateUnderWay, CreateScheduled);
        var writer = HistoryWriter.Continuing(FixtureFiles.ReadHistory(startedByTheStarter ? UpdateFixture : Fixture), underWay);
        writer.AdvanceTo(writer.Now + TimeSpan.FromMinutes(3));
        if (retryState == RetryState.Timeout)
        {
            writer.ActivityTaskTimedOut(scheduled, underWay, failure);
        }
        else
        {
            writer.ActivityTaskFailed(scheduled, underWay, failure, retryState);
        }

        return writer;
    }

    /// <summary>The history as a worker receives it: the last task started and not yet answered.</summary>
    private static WorkflowHistory PickedUp(HistoryWriter writer)
    {
        writer.WorkflowTask();
        return new WorkflowHistory(writer.WorkflowId, [.. writer.Events.Take(writer.Count - 1)]);
    }

    public static TheoryData<string> MayHaveCreatedTypes =>
    [
        ProviderErrorTypes.AuthenticationFailed,
        ProviderErrorTypes.NotFound,
        ProviderErrorTypes.QuotaExceeded,
    ];

    [Theory]
    [MemberData(nameof(MayHaveCreatedTypes))]
    public async Task V1CreateFailedForGoodWhereAJobMayExist_TheJobIsLookedForBeforeTheRunEnds(string type)
    {
        var replayed = await WorkflowReplay.RunAsync(PickedUp(CreateFailedForGood(MayHaveCreated(type))));

        Assert.Null(replayed.Failure);
        Assert.Equal(OutcomeKind.Running, replayed.Outcome.Kind);
        Assert.Equal([ActivityTypes.Create, ActivityTypes.Find], replayed.ActivityNames());
    }

    [Fact]
    public async Task V1CreateOutlivedItsHourDeadline_TheJobIsLookedForBeforeTheRunEnds()
    {
        var replayed = await WorkflowReplay.RunAsync(PickedUp(CreateFailedForGood(ScheduleToCloseTimeout, RetryState.Timeout)));

        Assert.Null(replayed.Failure);
        Assert.Equal([ActivityTypes.Create, ActivityTypes.Find], replayed.ActivityNames());
    }

    /// <summary>After the failed create: today's worker marks its patch and schedules the find, which answers <paramref name="job"/>.</summary>
    private static WorkflowHistory FindAnswered(FineTuningJob? job, HistoryWriter? failed = null)
    {
        var writer = failed ?? CreateFailedForGood(MayHaveCreated(ProviderErrorTypes.AuthenticationFailed));
        var task = writer.WorkflowTask();
        writer.PatchMarker(task.CompletedEventId, Patches.FindAfterFirstVersionCreate, [Patches.FindAfterFirstVersionCreate]);
        var find = writer.ActivityTaskScheduled(task.CompletedEventId, "2", ActivityTypes.Find, TemporalPayloads.Payload(null), ActivityPolicies.Create);
        writer.ActivityTaskCompleted(find, writer.ActivityTaskStarted(find, 1), TemporalPayloads.Payload(new FindJobOutput(job, "portkey")));
        return PickedUp(writer);
    }

    [Fact]
    public async Task V1CreateFailedAndTheFindFoundTheJob_TheJobIsWatched()
    {
        var job = new FineTuningJob { Id = "ftjob-made-by-v1", Model = "gpt-4o-mini-2024-07-18", Status = JobStatus.Running };

        var replayed = await WorkflowReplay.RunAsync(FindAnswered(job));

        Assert.Null(replayed.Failure);
        Assert.Equal(OutcomeKind.Running, replayed.Outcome.Kind);
        Assert.Equal([ActivityTypes.Create, ActivityTypes.Find, ActivityTypes.Wait], replayed.ActivityNames());
    }

    [Fact]
    public async Task V1CreateFailedAndTheFindFoundNothing_TheRunFailsAsTheCreateDid()
    {
        var replayed = await WorkflowReplay.RunAsync(FindAnswered(null));

        Assert.Null(replayed.Failure);
        Assert.Equal(OutcomeKind.Failed, replayed.Outcome.Kind);
        Assert.Equal(ProviderErrorTypes.AuthenticationFailed, replayed.Outcome.FailureType);
    }

    /// <summary>
    /// Started by the Starter, whose WaitForJob update waits: it hears nothing while the find runs,
    /// and with no job found is refused as the create failed (a timeout has no provider type).
    /// </summary>
    [Fact]
    public async Task V1CreateTimedOutUnderAnUpdateAndNothingFound_TheUpdateIsRefusedAfterTheFind()
    {
        var failed = CreateFailedForGood(ScheduleToCloseTimeout, RetryState.Timeout, startedByTheStarter: true);

        var replayed = await WorkflowReplay.RunAsync(FindAnswered(null, failed));

        Assert.Null(replayed.Failure);
        Assert.Equal([ActivityTypes.Create, ActivityTypes.Find], replayed.ActivityNames());
        var refused = TemporalPayloads.Value<UpdateFailure>(Assert.Single(replayed.Calls, c => c.Kind == CapturedCall.UpdateFailed).Detail);
        Assert.Equal("CreateJobFailed", refused.Type);
        Assert.Equal(OutcomeKind.Failed, replayed.Outcome.Kind);
    }

    /// <summary>A caller's own key (FineTuneOptions.IdempotencyKey) is what the first version keyed its create on, and so what the find looks for.</summary>
    [Fact]
    public async Task V1CreateWithTheCallersKeyFailed_TheFindLooksForThatKey()
    {
        var recorded = FixtureFiles.ReadHistory(Fixture);
        var started = recorded.Events.First().Clone();
        var input = TemporalPayloads.Value<FineTuneInput>(started.WorkflowExecutionStartedEventAttributes.Input.Payloads_[0].Data.ToStringUtf8());
        started.WorkflowExecutionStartedEventAttributes.Input.Payloads_[0] = TemporalPayloads.Payload(input with { Options = new FineTuneOptions { IdempotencyKey = "caller-key-v1" } });
        var withKey = new WorkflowHistory(recorded.Id, [started, .. recorded.Events.Skip(1)]);
        var writer = HistoryWriter.Continuing(withKey, CreateUnderWay);
        writer.ActivityTaskFailed(CreateScheduled, CreateUnderWay, MayHaveCreated(ProviderErrorTypes.AuthenticationFailed), RetryState.NonRetryableFailure);

        var replayed = await WorkflowReplay.RunAsync(PickedUp(writer));

        var find = TemporalPayloads.Value<CreateJobInput>(Assert.Single(replayed.Calls, c => c.Name == ActivityTypes.Find).Detail);
        Assert.Equal("caller-key-v1", find.IdempotencyKey);
    }

    /// <summary>The v1 history as it stands, replayed: the run fails as it did, with no find (no marker, old path).</summary>
    [Fact]
    public async Task V1HistoryThatEndedFailed_StillReplaysAsRecorded()
    {
        var replayed = await WorkflowReplay.RunAsync(FixtureFiles.ReadHistory(Fixture));

        Assert.Null(replayed.Failure);
        Assert.Equal(OutcomeKind.Failed, replayed.Outcome.Kind);
        Assert.Equal([ActivityTypes.Create], replayed.ActivityNames());
    }
}
