using FineTuneWorkflows.Activities.Polling;
using FineTuneWorkflows.Starter.Hosting;
using FineTuneWorkflows.Starter.Webhooks;
using FineTuneWorkflows.Wire;
using FineTuneWorkflows.Workflows;
using FineTuneWorkflows.Workflows.Temporal;
using Microsoft.Extensions.Options;
using Temporalio.Api.Enums.V1;
using Temporalio.Client;
using Temporalio.Common;
using Temporalio.Exceptions;

namespace FineTuneWorkflows.Starter.Temporal;

/// <summary>
/// Every call the API makes to Temporal, in one place: starting a fine-tune with Update-with-Start,
/// describing, querying, listing and cancelling. Reads that need a worker (queries) are bounded by
/// <see cref="StarterOptions.ReadTimeout"/> and degrade to what visibility knows.
/// </summary>
public sealed class FineTuneJobs(ITemporalClient client, IOptions<TemporalSettings> temporal, IOptions<StarterOptions> starter, IOptions<WebhookOptions> webhooks)
{
    public const string WorkflowType = FineTuneWorkflow.Name;

    /// <summary>How far a list reads through visibility looking for an <c>after</c> cursor.</summary>
    public const int MaxListScan = 10_000;

    private StarterOptions Settings => starter.Value;

    /// <summary>
    /// Starts the workflow and waits, through the <c>WaitForJob</c> update, until the provider job
    /// exists. UseExisting attaches a retried create to the workflow still running under its id;
    /// RejectDuplicate makes a retry after it closed fail instead of starting a second one.
    /// </summary>
    /// <param name="requestDigest">Kept in the memo, to tell a later create under the same id from a retry of this one.</param>
    public async Task<CreateOutcome> CreateAsync(string id, CreateFineTuningJobRequest request, string requestDigest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        // With webhooks the provider tells of the job's end; checks only show the way there and
        // catch a webhook that never came.
        var input = new FineTuneInput { Request = request, Options = webhooks.Value.Configured ? new FineTuneOptions(PollPolicy.WebhookSafetyNet) : null };
        var options = new WorkflowOptions(id, temporal.Value.TaskQueue)
        {
            IdConflictPolicy = WorkflowIdConflictPolicy.UseExisting,
            IdReusePolicy = WorkflowIdReusePolicy.RejectDuplicate,
            StaticSummary = WorkflowDescriptions.Summary(request),
            StaticDetails = WorkflowDescriptions.Details(id, request),
            TypedSearchAttributes = new SearchAttributeCollection.Builder().Set(SearchAttributes.Model, request.Model).ToSearchAttributeCollection(),
            Memo = new Dictionary<string, object> { [JobMemo.Key] = new JobMemo(request.TrainingFile, request.ValidationFile, request.Suffix, requestDigest) },
        };
        var start = WithStartWorkflowOperation.Create((FineTuneWorkflow wf) => wf.RunAsync(input), options);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Settings.CreateTimeout);
        try
        {
            var job = await client.ExecuteUpdateWithStartWorkflowAsync(
                (FineTuneWorkflow wf) => wf.WaitForJobAsync(new WaitForJobInput()),
                new WorkflowUpdateWithStartOptions(start) { Rpc = new RpcOptions { CancellationToken = timeout.Token } });
            return job is null ? new CreateOutcome.WaitingForCapacity() : new CreateOutcome.Created(job);
        }
        catch (WorkflowAlreadyStartedException)
        {
            return new CreateOutcome.AlreadyClosed();
        }
        catch (WorkflowUpdateFailedException e) when (e.InnerException is CanceledFailureException
            || (e.InnerException as ApplicationFailureException)?.ErrorType == FineTuneWorkflow.CancelledBeforeJob)
        {
            return new CreateOutcome.CancelledMeanwhile();
        }
        catch (WorkflowUpdateFailedException e) when (e.InnerException is ApplicationFailureException failure)
        {
            return new CreateOutcome.Refused(failure, await CreateFailureDetailsAsync(id, cancellationToken));
        }
        // Past the create timeout, once the workflow has started: it carries on creating the job.
        catch (WorkflowUpdateRpcTimeoutOrCanceledException) when (!cancellationToken.IsCancellationRequested && start.GetHandleAsync().IsCompletedSuccessfully)
        {
            return new CreateOutcome.StillCreating();
        }
    }

    /// <summary>
    /// Hands a provider's verified event to a <c>DeliverWebhook</c> workflow named
    /// <paramref name="deliveryId"/>, which finds the job's fine-tune and signals it. False when
    /// that delivery was already received (the id is reused only after a failed delivery), so a repeat costs nothing.
    /// </summary>
    public async Task<bool> DeliverAsync(string deliveryId, JobWebhook webhook, CancellationToken cancellationToken)
    {
        var options = new WorkflowOptions(deliveryId, temporal.Value.TaskQueue)
        {
            IdConflictPolicy = WorkflowIdConflictPolicy.Fail,
            // A delivery that failed (a bug, a terminate) may be done again when the provider resends.
            IdReusePolicy = WorkflowIdReusePolicy.AllowDuplicateFailedOnly,
            StaticSummary = $"{webhook.Type} for {webhook.JobId}",
            Rpc = Rpc(cancellationToken),
        };
        try
        {
            await client.StartWorkflowAsync((WebhookDeliveryWorkflow wf) => wf.RunAsync(webhook), options);
            return true;
        }
        catch (WorkflowAlreadyStartedException)
        {
            return false;
        }
    }

    /// <summary>The workflow and what a worker can add to it; null when no fine-tune has this id.</summary>
    public async Task<JobSnapshot?> FindAsync(string id, CancellationToken cancellationToken)
    {
        if (await DescribeAsync(id, cancellationToken) is not { } description)
        {
            return null;
        }

        var facts = await WorkflowFacts.FromAsync(description);
        var live = facts.IsRunning ? await PendingCheck.ReadAsync(description, client.Options.DataConverter) : null;
        var handle = client.GetWorkflowHandle<FineTuneWorkflow>(id);
        var job = Freshened(
            await AskAsync(() => handle.QueryAsync(wf => wf.Job, new WorkflowQueryOptions { Rpc = Bounded(cancellationToken) }), cancellationToken),
            live);
        var failure = facts.Status is WorkflowExecutionStatus.Failed or WorkflowExecutionStatus.Terminated or WorkflowExecutionStatus.TimedOut
            ? await FailureAsync(handle, cancellationToken)
            : null;
        var capacity = job is null && facts.IsRunning && facts.JobStatus == CapacityWait.Status
            ? await AskAsync(() => handle.QueryAsync(wf => wf.Capacity, new WorkflowQueryOptions { Rpc = Bounded(cancellationToken) }), cancellationToken)
            : null;
        return new JobSnapshot(facts, job, failure, capacity, live);
    }

    /// <summary>
    /// The workflow's job with the estimated finish its pending check read since: the workflow
    /// records a job when its status changes, and the provider moves the estimate while it runs.
    /// An estimate read in another status than the recorded one is not this job's any more.
    /// </summary>
    private static FineTuningJob? Freshened(FineTuningJob? job, LiveProgress? live) =>
        job is not null && live is { EstimatedFinish: { } estimate } && JobStatus.Normalize(live.Status) == JobStatus.Normalize(job.Status)
            ? job with { EstimatedFinish = estimate }
            : job;

    /// <summary>What visibility knows of the workflow (one describe, no worker needed); null when no fine-tune has this id.</summary>
    public async Task<WorkflowFacts?> FactsAsync(string id, CancellationToken cancellationToken) =>
        await DescribeAsync(id, cancellationToken) is { } description ? await WorkflowFacts.FromAsync(description) : null;

    private async Task<WorkflowExecutionDescription?> DescribeAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            var description = await client.GetWorkflowHandle(id).DescribeAsync(new WorkflowDescribeOptions { Rpc = Rpc(cancellationToken) });
            return description.WorkflowType == WorkflowType ? description : null;
        }
        catch (RpcException e) when (e.Code == RpcException.StatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>The statuses the workflow saw; from its result when no worker can answer the query.</summary>
    public async Task<IReadOnlyList<StatusTransition>> TimelineAsync(WorkflowFacts facts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var handle = client.GetWorkflowHandle<FineTuneWorkflow>(facts.Id);
        var timeline = await AskAsync<IReadOnlyList<StatusTransition>>(async () => await handle.QueryAsync(wf => wf.Timeline, new WorkflowQueryOptions { Rpc = Bounded(cancellationToken) }), cancellationToken);
        if (timeline is null && facts.Status == WorkflowExecutionStatus.Completed)
        {
            timeline = (await ResultAsync(facts.Id, cancellationToken)).Timeline;
        }

        return timeline ?? [];
    }

    public Task<FineTuneResult> ResultAsync(string id, CancellationToken cancellationToken) =>
        client.GetWorkflowHandle<FineTuneWorkflow, FineTuneResult>(id).GetResultAsync(rpcOptions: Rpc(cancellationToken));

    /// <summary>
    /// Newest first, in visibility's order, <paramref name="limit"/> jobs after the one named by
    /// <paramref name="after"/>. The cursor is a job id (what OpenAI clients send), so the page is
    /// found by reading past it; the scan is bounded by <see cref="MaxListScan"/>.
    /// </summary>
    public async Task<(IReadOnlyList<WorkflowFacts> Page, bool HasMore)> ListAsync(string? after, int limit, CancellationToken cancellationToken)
    {
        var page = new List<WorkflowFacts>(limit + 1);
        var passedCursor = string.IsNullOrEmpty(after);
        var scanned = 0;
        await foreach (var execution in client.ListWorkflowsAsync($"WorkflowType = '{WorkflowType}'", new WorkflowListOptions { Rpc = Rpc(cancellationToken) }).WithCancellation(cancellationToken))
        {
            if (!passedCursor)
            {
                passedCursor = execution.Id == after;
                if (++scanned >= MaxListScan)
                {
                    break;
                }

                continue;
            }

            page.Add(await WorkflowFacts.FromAsync(execution));
            if (page.Count > limit)
            {
                break;
            }
        }

        return (page.Take(limit).ToList(), page.Count > limit);
    }

    /// <summary>
    /// Runs the workflow's <c>Pause</c> or <c>Resume</c> update, which runs the activity that asks
    /// the provider; null when it went through, else why not (the workflow's or the provider's words).
    /// </summary>
    public async Task<string?> PauseOrResumeAsync(string id, bool resume, CancellationToken cancellationToken)
    {
        var handle = client.GetWorkflowHandle<FineTuneWorkflow>(id);
        var options = new WorkflowUpdateOptions { Rpc = Rpc(cancellationToken) };
        try
        {
            if (resume)
            {
                await handle.ExecuteUpdateAsync(wf => wf.ResumeAsync(), options);
            }
            else
            {
                await handle.ExecuteUpdateAsync(wf => wf.PauseAsync(), options);
            }

            return null;
        }
        catch (WorkflowUpdateFailedException e)
        {
            return FailureReading.InnermostApplicationFailure(e)?.Message ?? e.InnerException?.Message ?? e.Message;
        }
    }

    /// <summary>Asks the workflow to cancel, then waits a little for it to end, so the answer can say cancelled.</summary>
    public async Task CancelAsync(string id, CancellationToken cancellationToken)
    {
        var handle = client.GetWorkflowHandle<FineTuneWorkflow>(id);
        await handle.CancelAsync(new WorkflowCancelOptions { Rpc = Rpc(cancellationToken) });
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        wait.CancelAfter(Settings.CancelWait);
        try
        {
            await handle.GetResultAsync(rpcOptions: new RpcOptions { CancellationToken = wait.Token });
        }
        catch (Exception e) when (e is WorkflowFailedException or OperationCanceledException or RpcException && !cancellationToken.IsCancellationRequested)
        {
            // Ended (cancelled, or failed or succeeded in the meantime), or still ending: the view says which.
        }
    }

    private async Task<JobError?> FailureAsync(WorkflowHandle handle, CancellationToken cancellationToken)
    {
        try
        {
            await handle.GetResultAsync(rpcOptions: Bounded(cancellationToken));
            return null;
        }
        catch (WorkflowFailedException e)
        {
            return FailureReading.ToJobError(e.InnerException ?? e);
        }
    }

    /// <summary>
    /// The update says only that creating failed; the workflow's own failure, recorded in the same
    /// workflow task, carries the provider's code and param.
    /// </summary>
    private async Task<Activities.ProviderErrorDetails?> CreateFailureDetailsAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            await client.GetWorkflowHandle(id).GetResultAsync(rpcOptions: Bounded(cancellationToken));
            return null;
        }
        catch (WorkflowFailedException e)
        {
            return FailureReading.DetailsOf(FailureReading.InnermostApplicationFailure(e));
        }
        catch (Exception e) when (e is RpcException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>A query answered in time, or null: it waits for a worker, and none may be polling.</summary>
    private static async Task<T?> AskAsync<T>(Func<Task<T?>> query, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            return await query();
        }
        catch (Exception e) when (e is WorkflowQueryFailedException or WorkflowQueryRejectedException or RpcException or OperationCanceledException
            && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    private static RpcOptions Rpc(CancellationToken cancellationToken) => new() { CancellationToken = cancellationToken };

    private RpcOptions Bounded(CancellationToken cancellationToken) => new() { CancellationToken = cancellationToken, Timeout = Settings.ReadTimeout };
}
