using FineTuneWorkflows.Activities.Slots;
using FineTuneWorkflows.Tests.Replay.Capture;
using FineTuneWorkflows.Tests.Replay.History;
using FineTuneWorkflows.Workflows.Slots;

namespace FineTuneWorkflows.Tests.Slots;

/// <summary>
/// The limiter workflow in replay, its histories written here as a server would record them:
/// requests answered at once while slots are free, the rest told in arrival order as slots come
/// back, a closed holder found by the sweep, and the book carried through continue-as-new.
/// </summary>
public class SlotLimiterReplayTests
{
    private const string Limiter = "ftw-slots:fine-tune:openai:gpt-4o-mini";
    private static readonly DateTimeOffset Start = new(2025, 6, 2, 18, 0, 0, TimeSpan.Zero);

    /// <summary>The design: holders are swept every hour while anyone waits.</summary>
    private static readonly TimeSpan SweepEvery = TimeSpan.FromHours(1);

    /// <summary>The design: a limiter with no one holding or waiting ends after 5 minutes.</summary>
    private static readonly TimeSpan IdleFor = TimeSpan.FromMinutes(5);

    private static CapturedCall Timer(TimeSpan after) => new(CapturedCall.Timer, string.Empty, after.ToString("c", null));

    private static CapturedCall Granted(string id) => new(CapturedCall.Signal, SlotGrant.Signal, TemporalPayloads.Json(new { Id = id, Argument = 3 }));

    /// <summary>A run continued from another, with the book it handed on.</summary>
    private static HistoryWriter Carrying(SlotBook book)
    {
        var writer = new HistoryWriter(Limiter, "fine-tune", Start);
        writer.WorkflowExecutionStarted(TemporalPayloads.Payload(book), "slots-run-2", continuedFromRunId: "slots-run-1", workflowType: SlotActivities.LimiterType);
        return writer;
    }

    /// <summary>A task that starts the idle timer at <paramref name="from"/>; it runs out, and the limiter ends.</summary>
    private static void GoesIdleAndEnds(HistoryWriter writer, DateTimeOffset from)
    {
        var task = writer.WorkflowTask();
        var timer = writer.TimerStarted(task.CompletedEventId, "1", IdleFor);
        writer.AdvanceTo(from + IdleFor);
        writer.TimerFired("1", timer);
        task = writer.WorkflowTask();
        writer.WorkflowExecutionCompleted(task.CompletedEventId, TemporalPayloads.Payload(null));
    }

    /// <summary>Four ask for three slots; the sweep's time comes and it is scheduled over the three holders.</summary>
    private static (HistoryWriter Writer, long Scheduled, FindClosedInput Holders) SweepDue()
    {
        var (writer, timer) = FourAskForThree();
        writer.AdvanceTo(Start + SweepEvery);
        writer.TimerFired("1", timer);
        var task = writer.WorkflowTask();
        var holders = new FindClosedInput(["a", "b", "c"]);
        var scheduled = writer.ActivityTaskScheduled(task.CompletedEventId, "1", "FindClosedWorkflows", TemporalPayloads.Payload(holders), SlotLimiterWorkflow.Sweep);
        return (writer, scheduled, holders);
    }

    /// <summary>The one timer the history holds is the idle one, and the limiter ended after it.</summary>
    private static async Task EndedAfterTheIdleTimerAsync(HistoryWriter writer)
    {
        var replayed = await WorkflowReplay.RunAsync(writer.ToHistory());

        Assert.Null(replayed.Failure);
        Assert.Equal([Timer(IdleFor)], replayed.Calls);
        Assert.Equal(OutcomeKind.Completed, replayed.Outcome.Kind);
    }

    /// <summary>Started by the first request (update-with-start): four fine-tunes ask for three slots.</summary>
    private static (HistoryWriter Writer, long Timer) FourAskForThree()
    {
        var writer = new HistoryWriter(Limiter, "fine-tune", Start);
        writer.WorkflowExecutionStarted(TemporalPayloads.Payload(null), "slots-run-1", workflowType: SlotActivities.LimiterType);
        var task = writer.WorkflowTask();
        var asks = new[] { ("a", true), ("b", true), ("c", true), ("d", false) };
        var accepted = asks.Select(a => writer.WorkflowExecutionUpdateAccepted($"ask-{a.Item1}", SlotActivities.RequestUpdate, TemporalPayloads.Payload(new SlotRequest(Limiter, a.Item1, 3)), task.ScheduledEventId)).ToList();

        for (var i = 0; i < asks.Length; i++)
        {
            writer.WorkflowExecutionUpdateCompleted($"ask-{asks[i].Item1}", accepted[i], TemporalPayloads.Payload(asks[i].Item2));
        }

        // One waits: the loop waits for a grant to send, or the sweep's time.
        var timer = writer.TimerStarted(task.CompletedEventId, "1", SweepEvery);
        return (writer, timer);
    }

    [Fact]
    public async Task FreeSlots_AreAnsweredAtOnce_TheFourthWaits()
    {
        var (writer, _) = FourAskForThree();

        var replayed = await WorkflowReplay.RunAsync(writer.ToHistory());

        Assert.Null(replayed.Failure);
        Assert.Equal(
            [
                new CapturedCall(CapturedCall.Update, SlotActivities.RequestUpdate, "true"),
                new CapturedCall(CapturedCall.Update, SlotActivities.RequestUpdate, "true"),
                new CapturedCall(CapturedCall.Update, SlotActivities.RequestUpdate, "true"),
                new CapturedCall(CapturedCall.Update, SlotActivities.RequestUpdate, "false"),
                Timer(SweepEvery),
            ],
            replayed.Calls);
        Assert.Equal("**3 of 3** slots held · 1 waiting (next: `d`)", replayed.Details[^1]);
    }

    /// <summary>A holder gives its slot back: the one waiting is told; with holders and no one waiting, no timer runs.</summary>
    [Fact]
    public async Task Release_TellsTheNextInLine()
    {
        var (writer, timer) = FourAskForThree();
        writer.AdvanceTo(Start.AddMinutes(3));
        writer.WorkflowExecutionSignaled(SlotGrant.ReleaseSignal, TemporalPayloads.Payload("a"));
        var task = writer.WorkflowTask();
        writer.TimerCanceled(task.CompletedEventId, "1", timer);
        var initiated = writer.SignalExternalWorkflowExecutionInitiated(task.CompletedEventId, "d", SlotGrant.Signal, TemporalPayloads.Payload(3));
        writer.ExternalWorkflowExecutionSignaled(initiated, "d");
        writer.WorkflowTask();

        var replayed = await WorkflowReplay.RunAsync(writer.ToHistory());

        Assert.Null(replayed.Failure);
        Assert.Equal([Granted("d")], replayed.Calls.Skip(5));
    }

    /// <summary>The one told has closed meanwhile (cancelled in line): its slot goes straight to the next.</summary>
    [Fact]
    public async Task GrantToAClosedFineTune_PassesTheSlotOn()
    {
        var writer = Carrying(new SlotBook(1, ["a"], ["b", "c"]));
        var task = writer.WorkflowTask();
        var timer = writer.TimerStarted(task.CompletedEventId, "1", SweepEvery);
        writer.WorkflowExecutionSignaled(SlotGrant.ReleaseSignal, TemporalPayloads.Payload("a"));
        task = writer.WorkflowTask();
        writer.TimerCanceled(task.CompletedEventId, "1", timer);
        var toB = writer.SignalExternalWorkflowExecutionInitiated(task.CompletedEventId, "b", SlotGrant.Signal, TemporalPayloads.Payload(1));
        writer.SignalExternalWorkflowExecutionFailed(task.CompletedEventId, toB, "b");
        task = writer.WorkflowTask();
        var toC = writer.SignalExternalWorkflowExecutionInitiated(task.CompletedEventId, "c", SlotGrant.Signal, TemporalPayloads.Payload(1));
        writer.ExternalWorkflowExecutionSignaled(toC, "c");
        writer.WorkflowTask();

        var replayed = await WorkflowReplay.RunAsync(writer.ToHistory());

        Assert.Null(replayed.Failure);
        Assert.Equal(
            [
                Timer(SweepEvery),
                new CapturedCall(CapturedCall.Signal, SlotGrant.Signal, TemporalPayloads.Json(new { Id = "b", Argument = 1 })),
                new CapturedCall(CapturedCall.Signal, SlotGrant.Signal, TemporalPayloads.Json(new { Id = "c", Argument = 1 })),
            ],
            replayed.Calls);
    }

    /// <summary>
    /// A holder closed without giving its slot back (terminated): while one waits, the sweep finds
    /// it and its slot goes on. Then, with history long, the book is carried to a new run.
    /// </summary>
    [Fact]
    public async Task Sweep_FreesAClosedHoldersSlot_ThenTheBookContinuesAsNew()
    {
        var (writer, scheduled, holders) = SweepDue();
        var started = writer.ActivityTaskStarted(scheduled, 1);
        writer.ActivityTaskCompleted(scheduled, started, TemporalPayloads.Payload(new FindClosedOutput(["b"])));
        var task = writer.WorkflowTask();
        var initiated = writer.SignalExternalWorkflowExecutionInitiated(task.CompletedEventId, "d", SlotGrant.Signal, TemporalPayloads.Payload(3));
        writer.ExternalWorkflowExecutionSignaled(initiated, "d");
        task = writer.WorkflowTask(suggestContinueAsNew: true);
        var carried = new SlotBook(3, ["a", "c", "d"], []);
        writer.WorkflowExecutionContinuedAsNew(task.CompletedEventId, TemporalPayloads.Payload(carried), "slots-run-2", SlotActivities.LimiterType);

        var replayed = await WorkflowReplay.RunAsync(writer.ToHistory());

        Assert.Null(replayed.Failure);
        Assert.Equal(
            [
                new CapturedCall(CapturedCall.Activity, "FindClosedWorkflows", TemporalPayloads.Json(holders)),
                Granted("d"),
                new CapturedCall(CapturedCall.ContinueAsNew, SlotActivities.LimiterType, TemporalPayloads.Json(carried)),
            ],
            replayed.Calls.Skip(5));
    }

    /// <summary>No one holds or waits for as long as <see cref="IdleFor"/>: the limiter ends (a request starts it again).</summary>
    [Fact]
    public async Task Idle_Ends()
    {
        var writer = Carrying(new SlotBook(2, [], []));
        GoesIdleAndEnds(writer, Start);

        await EndedAfterTheIdleTimerAsync(writer);
    }

    /// <summary>
    /// Slots held and no one waiting, for a day: no timer at all (a long job costs its limiter
    /// nothing), and the limiter keeps its book (ending would forget the holders). A release
    /// that leaves one holder changes nothing; the last one starts the idle wait, and it ends.
    /// </summary>
    [Fact]
    public async Task HoldersButNoOneWaiting_WaitWithoutATimer_EndAfterTheLastRelease()
    {
        var writer = Carrying(new SlotBook(3, ["a", "b"], []));
        writer.WorkflowTask();
        writer.AdvanceTo(Start.AddDays(1));
        writer.WorkflowExecutionSignaled(SlotGrant.ReleaseSignal, TemporalPayloads.Payload("a"));
        writer.WorkflowTask();
        writer.AdvanceTo(Start.AddDays(2));
        writer.WorkflowExecutionSignaled(SlotGrant.ReleaseSignal, TemporalPayloads.Payload("b"));
        GoesIdleAndEnds(writer, Start.AddDays(2));

        await EndedAfterTheIdleTimerAsync(writer);
    }

    /// <summary>
    /// Idle, about to end, and a request comes (granted at once): the idle timer is cancelled —
    /// the limiter holds a slot now and must not end — and no other timer runs while it is held.
    /// </summary>
    [Fact]
    public async Task IdleThenARequest_CancelsTheIdleTimer()
    {
        var writer = Carrying(new SlotBook(2, [], []));
        var task = writer.WorkflowTask();
        var timer = writer.TimerStarted(task.CompletedEventId, "1", IdleFor);
        writer.AdvanceTo(Start.AddMinutes(2));
        task = writer.WorkflowTask();
        var accepted = writer.WorkflowExecutionUpdateAccepted("ask-a", SlotActivities.RequestUpdate, TemporalPayloads.Payload(new SlotRequest(Limiter, "a", 2)), task.ScheduledEventId);
        writer.WorkflowExecutionUpdateCompleted("ask-a", accepted, TemporalPayloads.Payload(true));
        writer.TimerCanceled(task.CompletedEventId, "1", timer);

        var replayed = await WorkflowReplay.RunAsync(writer.ToHistory());

        Assert.Null(replayed.Failure);
        Assert.Equal([Timer(IdleFor), new CapturedCall(CapturedCall.Update, SlotActivities.RequestUpdate, "true")], replayed.Calls);
        Assert.Equal(OutcomeKind.Running, replayed.Outcome.Kind);
    }

    /// <summary>Held with no one waiting, then one asks and must wait: from then the sweep's timer runs.</summary>
    [Fact]
    public async Task SomeoneStartsWaiting_StartsTheSweepTimer()
    {
        var writer = Carrying(new SlotBook(1, ["a"], []));
        writer.WorkflowTask();
        writer.AdvanceTo(Start.AddHours(3));
        var task = writer.WorkflowTask();
        var accepted = writer.WorkflowExecutionUpdateAccepted("ask-b", SlotActivities.RequestUpdate, TemporalPayloads.Payload(new SlotRequest(Limiter, "b", 1)), task.ScheduledEventId);
        writer.WorkflowExecutionUpdateCompleted("ask-b", accepted, TemporalPayloads.Payload(false));
        writer.TimerStarted(task.CompletedEventId, "1", SweepEvery);

        var replayed = await WorkflowReplay.RunAsync(writer.ToHistory());

        Assert.Null(replayed.Failure);
        Assert.Equal([new CapturedCall(CapturedCall.Update, SlotActivities.RequestUpdate, "false"), Timer(SweepEvery)], replayed.Calls);
        Assert.Equal("**1 of 1** slots held · 1 waiting (next: `b`)", replayed.Details[^1]);
    }

    /// <summary>
    /// The sweep fails for good (Temporal unreachable for its three attempts, or no right to
    /// describe): the limiter goes on — grants and releases never wait on it — and sweeps again
    /// after the sweep's interval.
    /// </summary>
    [Fact]
    public async Task SweepFailingForGood_IsSkippedUntilTheNext()
    {
        var (writer, scheduled, holders) = SweepDue();
        var started = writer.ActivityTaskStarted(scheduled, 3);
        writer.ActivityTaskFailed(
            scheduled, started, TemporalPayloads.Failure(new Temporalio.Exceptions.ApplicationFailureException("Request unauthorized", "RpcException")), Temporalio.Api.Enums.V1.RetryState.MaximumAttemptsReached);
        var task = writer.WorkflowTask();
        writer.TimerStarted(task.CompletedEventId, "2", SweepEvery);

        var replayed = await WorkflowReplay.RunAsync(writer.ToHistory());

        Assert.Null(replayed.Failure);
        Assert.Equal([new CapturedCall(CapturedCall.Activity, "FindClosedWorkflows", TemporalPayloads.Json(holders)), Timer(SweepEvery)], replayed.Calls.Skip(5));
    }

    /// <summary>The design bounds a sweep to three attempts: a sweep is only a look, and the next comes anyway.</summary>
    [Fact]
    public void Sweep_IsTriedThreeTimesAtMost() =>
        Assert.Equal(3, SlotLimiterWorkflow.Sweep.RetryPolicy!.MaximumAttempts);

    /// <summary>A request with a higher limit (the setting raised): those waiting are told at once, the asker joins the line.</summary>
    [Fact]
    public async Task RaisedLimit_TellsThoseWaiting()
    {
        var writer = Carrying(new SlotBook(1, ["a"], ["b", "c"]));
        var task = writer.WorkflowTask();
        var timer = writer.TimerStarted(task.CompletedEventId, "1", SweepEvery);
        task = writer.WorkflowTask();
        var accepted = writer.WorkflowExecutionUpdateAccepted("ask-d", SlotActivities.RequestUpdate, TemporalPayloads.Payload(new SlotRequest(Limiter, "d", 3)), task.ScheduledEventId);
        writer.WorkflowExecutionUpdateCompleted("ask-d", accepted, TemporalPayloads.Payload(false));
        writer.TimerCanceled(task.CompletedEventId, "1", timer);
        var toB = writer.SignalExternalWorkflowExecutionInitiated(task.CompletedEventId, "b", SlotGrant.Signal, TemporalPayloads.Payload(3));
        writer.ExternalWorkflowExecutionSignaled(toB, "b");
        task = writer.WorkflowTask();
        var toC = writer.SignalExternalWorkflowExecutionInitiated(task.CompletedEventId, "c", SlotGrant.Signal, TemporalPayloads.Payload(3));
        writer.ExternalWorkflowExecutionSignaled(toC, "c");
        task = writer.WorkflowTask();
        writer.TimerStarted(task.CompletedEventId, "2", SweepEvery);

        var replayed = await WorkflowReplay.RunAsync(writer.ToHistory());

        Assert.Null(replayed.Failure);
        Assert.Equal(
            [
                Timer(SweepEvery),
                new CapturedCall(CapturedCall.Update, SlotActivities.RequestUpdate, "false"),
                Granted("b"),
                Granted("c"),
                Timer(SweepEvery),
            ],
            replayed.Calls);
        Assert.Equal("**3 of 3** slots held · 1 waiting (next: `d`)", replayed.Details[^1]);
    }

    [Theory]
    [InlineData("", 3)]
    [InlineData("d", 0)]
    [InlineData("d", -1)]
    public void Request_Malformed_IsRejectedBeforeItIsTaken(string workflowId, int limit) =>
        Assert.Throws<ArgumentException>(() => new SlotLimiterWorkflow().ValidateRequest(new SlotRequest(Limiter, workflowId, limit)));

    [Fact]
    public void Request_Null_IsRejectedBeforeItIsTaken() =>
        Assert.Throws<ArgumentException>(() => new SlotLimiterWorkflow().ValidateRequest(null!));

    [Fact]
    public void Request_WellFormed_IsAccepted() =>
        new SlotLimiterWorkflow().ValidateRequest(new SlotRequest(Limiter, "d", 1));
}
