using FineTuneWorkflows.Activities.Slots;
using Microsoft.Extensions.Logging;
using Temporalio.Exceptions;
using Temporalio.Workflows;

namespace FineTuneWorkflows.Workflows.Slots;

/// <summary>
/// The slots of one provider and model (<c>Provider:Limits</c>): one workflow, id
/// <c>ftw-slots:{task queue}:{provider}:{model in lower case}</c> (<see cref="SlotGrant"/>), started by the first fine-tune that asks. Fine-tunes ask
/// with update <c>Request</c> (through <c>RequestSlot</c>), which answers whether the slot is
/// theirs now; the others are told later with signal <c>SlotGranted</c>; they give back with
/// signal <c>Release</c>. <see cref="SlotBook"/> decides. A fine-tune that closes without a
/// release (terminated, timed out) is found by a sweep while others wait, so no slot is lost; a
/// worker dying loses nothing, as the book is the workflow's state. It continues as new when its
/// history grows, carrying the book, and ends when no fine-tune holds or waits for a slot.
/// </summary>
[Workflow(SlotActivities.LimiterType)]
public sealed class SlotLimiterWorkflow
{
    /// <summary>
    /// How often holders are checked for having closed, while any fine-tune waits: hourly, since a
    /// holder closes without a release only when terminated by hand, and each sweep is two billable
    /// actions (its timer and its activity) — 48 a day for the whole line, not per fine-tune.
    /// </summary>
    public static readonly TimeSpan SweepEvery = TimeSpan.FromHours(1);

    /// <summary>How long an idle limiter stays before it ends (a new request starts it again).</summary>
    public static readonly TimeSpan IdleFor = TimeSpan.FromMinutes(5);

    public static ActivityOptions Sweep => new()
    {
        StartToCloseTimeout = TimeSpan.FromMinutes(2),
        HeartbeatTimeout = TimeSpan.FromSeconds(30),
        // Bounded: a sweep is only a look, and the next one comes after SweepEvery.
        RetryPolicy = new() { InitialInterval = TimeSpan.FromSeconds(2), BackoffCoefficient = 2, MaximumInterval = TimeSpan.FromMinutes(1), MaximumAttempts = 3 },
    };

    private readonly Queue<string> toGrant = new();
    private SlotBook book = SlotBook.Empty(1);

    /// <summary>Who holds and who waits, for the Web UI and operators.</summary>
    [WorkflowQuery("Book")]
    public SlotBook Book => book;

    /// <param name="carried">The book a previous run handed on; null for a fresh start.</param>
    [WorkflowRun]
    public async Task RunAsync(SlotBook? carried)
    {
        if (carried is not null)
        {
            book = carried;
            // A grant may have been sent before the hand-over and not heard: holders keep their
            // slots either way, and each one asks again only on a reset, which re-grants.
        }

        while (true)
        {
            Describe();
            var woke = await WaitAsync();
            await GrantAsync();
            if (!woke && book.Waiting.Count > 0)
            {
                await SweepAsync();
            }
            else if (!woke && book.IsIdle && Workflow.AllHandlersFinished)
            {
                return;
            }

            if (Workflow.ContinueAsNewSuggested)
            {
                await Workflow.WaitConditionAsync(() => Workflow.AllHandlersFinished);
                await GrantAsync();
                var next = book;
                throw Workflow.CreateContinueAsNewException((SlotLimiterWorkflow wf) => wf.RunAsync(next));
            }
        }
    }

    /// <summary>Takes a request; true when the slot is granted now (no signal follows), else it comes by <c>SlotGranted</c>.</summary>
    [WorkflowUpdate(SlotActivities.RequestUpdate)]
    public Task<bool> RequestAsync(SlotRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (next, granted) = book.Request(request.WorkflowId, request.Limit);
        book = next;
        foreach (var id in granted.Where(g => g != request.WorkflowId))
        {
            toGrant.Enqueue(id);
        }

        return Task.FromResult(granted.Contains(request.WorkflowId, StringComparer.Ordinal));
    }

    /// <summary>A malformed request is refused before it is taken (it never enters history as accepted).</summary>
    [WorkflowUpdateValidator(nameof(RequestAsync))]
    public void ValidateRequest(SlotRequest request)
    {
        if (request?.WorkflowId is not { Length: > 0 } || request.Limit < 1)
        {
            throw new ArgumentException("A slot request names its workflow and a limit of at least 1");
        }
    }

    [WorkflowSignal("Release")]
    public Task ReleaseAsync(string workflowId)
    {
        if (!string.IsNullOrEmpty(workflowId))
        {
            Apply(book.Release(workflowId));
        }

        return Task.CompletedTask;
    }

    /// <summary>Grants to send, or history long enough to continue as new.</summary>
    private bool HasWork() => toGrant.Count > 0 || Workflow.ContinueAsNewSuggested;

    /// <summary>
    /// Until there is work (true) or a timer is up (false): the sweep's while anyone waits, the
    /// idle one while no one holds or waits. With holders and no one waiting there is no timer, so
    /// a long job costs its limiter nothing; a request or release ends that wait. (Each condition
    /// is checked first: a wait whose condition already holds would still start, and bill, its timer.)
    /// </summary>
    private async Task<bool> WaitAsync()
    {
        if (HasWork())
        {
            return true;
        }

        if (book.Waiting.Count > 0)
        {
            return await Workflow.WaitConditionAsync(HasWork, SweepEvery);
        }

        if (book.IsIdle)
        {
            return await Workflow.WaitConditionAsync(() => HasWork() || !book.IsIdle, IdleFor);
        }

        await Workflow.WaitConditionAsync(() => HasWork() || book.Waiting.Count > 0 || book.IsIdle);
        return true;
    }

    private void Apply((SlotBook Book, IReadOnlyList<string> Granted) change)
    {
        book = change.Book;
        foreach (var id in change.Granted)
        {
            toGrant.Enqueue(id);
        }
    }

    /// <summary>Tells each fine-tune granted a slot; one that has closed meanwhile gives it straight back.</summary>
    private async Task GrantAsync()
    {
        while (toGrant.TryDequeue(out var id))
        {
            try
            {
                await Workflow.GetExternalWorkflowHandle(id).SignalAsync(SlotGrant.Signal, [book.Limit]);
            }
            catch (ApplicationFailureException e)
            {
                Workflow.Logger.LogInformation("Fine-tune {WorkflowId} closed before its slot reached it ({Reason}); the slot goes to the next", id, e.Message);
                Apply(book.Release(id));
            }
        }
    }

    /// <summary>
    /// Holders that closed without a release (terminated, timed out) give their slots back. A sweep
    /// that keeps failing (Temporal unreachable, no right to describe) is skipped until the next:
    /// grants and releases must not wait on it.
    /// </summary>
    private async Task SweepAsync()
    {
        var holders = new FindClosedInput([.. book.Holders]);
        FindClosedOutput closed;
        try
        {
            closed = await Workflow.ExecuteActivityAsync(() => SlotActivities.FindClosedAsync(holders), Sweep);
        }
        catch (ActivityFailureException e)
        {
            Workflow.Logger.LogWarning("The sweep of closed holders failed ({Reason}); the next one comes in {Every}", e.InnerException?.Message ?? e.Message, SweepEvery);
            return;
        }

        if (closed.Closed.Count > 0)
        {
            Workflow.Logger.LogWarning("{Count} fine-tune(s) closed holding a slot without giving it back: {Ids}", closed.Closed.Count, string.Join(", ", closed.Closed));
            Apply(book.Release(closed.Closed));
            await GrantAsync();
        }
    }

    private void Describe() =>
        Workflow.CurrentDetails = $"**{book.Holders.Count} of {book.Limit}** slots held · {book.Waiting.Count} waiting" +
            (book.Waiting.Count > 0 ? $" (next: `{book.Waiting[0]}`)" : string.Empty);
}
