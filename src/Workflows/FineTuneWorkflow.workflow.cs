using System.Globalization;
using FineTuneWorkflows.Activities;
using FineTuneWorkflows.Activities.Cancel;
using FineTuneWorkflows.Activities.Creation;
using FineTuneWorkflows.Activities.Pause;
using FineTuneWorkflows.Activities.Polling;
using FineTuneWorkflows.Activities.Provider;
using FineTuneWorkflows.Activities.Results;
using FineTuneWorkflows.Activities.Slots;
using FineTuneWorkflows.Wire;
using FineTuneWorkflows.Workflows.Slots;
using FineTuneWorkflows.Workflows.Temporal;
using Microsoft.Extensions.Logging;
using Temporalio.Exceptions;
using Temporalio.Workflows;

namespace FineTuneWorkflows.Workflows;

/// <summary>
/// One fine-tuning job, from create to result, durable across worker restarts. A thin shell:
/// <see cref="Lifecycle"/> decides, this class turns decisions into activities, search-attribute
/// upserts and handlers. History grows by one activity per status change, never per poll.
/// </summary>
[Workflow(Name)]
public sealed class FineTuneWorkflow
{
    /// <summary>The workflow type, as starters start it and the Web UI lists it.</summary>
    public const string Name = "FineTune";

    /// <summary>The failure type of a run whose job was cancelled at the provider, not through Temporal.</summary>
    public const string CancelledAtProvider = "FineTuneJobCancelledAtProvider";

    /// <summary>The failure type of a <c>WaitForJob</c> update whose workflow was cancelled before any create was sent.</summary>
    public const string CancelledBeforeJob = "FineTuneCancelledBeforeJob";

    /// <summary>The failure type of a pause or resume refused before it reached the provider (no job yet, or one that ended).</summary>
    public const string PauseRefused = "FineTunePauseRefused";

    /// <summary>The failure type of a run whose watch failed for good, after it cancelled the job.</summary>
    public const string WatchFailed = "FineTuneWatchFailed";

    /// <summary>How long a fine-tune waits in this deployment's line before it asks its limiter again.</summary>
    public static readonly TimeSpan AskSlotAgainAfter = TimeSpan.FromHours(6);

    /// <summary>The pause before continuing as new, in which a pending cancel is delivered.</summary>
    public static readonly TimeSpan ContinueAsNewPause = TimeSpan.FromMilliseconds(1);

    private readonly List<StatusTransition> timeline = [];
    private FineTuningJob? job;
    private string status = JobStatus.Unknown;
    private string provider = "unknown";
    private ActivityFailureException? createFailure;
    private ActivityFailureException? watchFailure;
    private bool cancelledBeforeJob;
    private readonly HashSet<string> eventsSeen = new(StringComparer.Ordinal);
    private bool woken;
    private CapacityWait? capacity;
    private string? slotLimiter;
    private bool slotHeld;
    private bool waitingShown;

    /// <summary>The live job in the provider's <c>fine_tuning.job</c> shape; null until it exists.</summary>
    [WorkflowQuery("Job")]
    public FineTuningJob? Job => job is null ? null : job with { Status = status };

    [WorkflowQuery("Timeline")]
    public IReadOnlyList<StatusTransition> Timeline => timeline;

    /// <summary>Why no job exists yet, while the provider has no room for it; null otherwise.</summary>
    [WorkflowQuery("Capacity")]
    public CapacityWait? Capacity => job is null ? capacity : null;

    [WorkflowRun]
    public async Task<FineTuneResult> RunAsync(FineTuneInput input)
    {
        var continuing = false;
        try
        {
            return await RunJobAsync(input);
        }
        catch (ContinueAsNewException)
        {
            continuing = true;
            throw;
        }
        finally
        {
            // Whatever way the fine-tune ends — done, failed, cancelled, refused — its slot (held or
            // waited for) goes back; only the next run of a continue-as-new keeps it.
            if (!continuing)
            {
                await ReleaseSlotAsync();
            }
        }
    }

    /// <summary>The limiter's grant of a slot (<c>Provider:Limits</c>); one not asked for is ignored.</summary>
    [WorkflowSignal(SlotGrant.Signal)]
    public Task SlotGrantedAsync(int limit)
    {
        if (slotLimiter is not null)
        {
            slotHeld = true;
        }

        return Task.CompletedTask;
    }

    private async Task<FineTuneResult> RunJobAsync(FineTuneInput input)
    {
        var options = input.Options ?? new FineTuneOptions();
        if (input.Carry is { } carry)
        {
            job = carry.Job;
            status = carry.Job.Status ?? JobStatus.Unknown;
            provider = carry.Provider;
            timeline.AddRange(carry.Timeline);
            slotLimiter = carry.SlotLimiter;
            slotHeld = carry.SlotLimiter is not null && !carry.SlotAwaited;
        }
        else if (!await CreateAsync(input.Request, options))
        {
            Workflow.CurrentDetails = "**cancelled** before a job was created at the provider: no job exists";
            await HandlersFinishedAsync();
            throw new OperationCanceledException("The fine-tune was cancelled before its job was created");
        }

        try
        {
            try
            {
                Workflow.CancellationToken.ThrowIfCancellationRequested();
                await WaitUntilFinalAsync(options, afterCancel: false, continueAs: input);
            }
            catch (Exception e) when (Workflow.CancellationToken.IsCancellationRequested && TemporalException.IsCanceledException(e))
            {
                await CancelAtProviderAsync(options);
            }
        }
        catch (ActivityFailureException e) when (Lifecycle.NextFor(status) == NextStep.Wait && Workflow.Patched(Patches.StopJobWhenWatchFails))
        {
            // Nothing but the job's own end may end its watch: a run that stopped here would leave
            // a paid job running with nobody looking. It is cancelled first, and the run says so.
            watchFailure = e;
            Workflow.Logger.LogWarning("The watch of job {JobId} failed for good ({Reason}); cancelling the job", job!.Id, e.InnerException?.Message ?? e.Message);
            await CancelAtProviderAsync(options);
        }

        return await FinishAsync(options);
    }

    /// <summary>
    /// Returns once the provider job exists, so a caller using Update-with-Start can answer with
    /// the job as the provider does, synchronously; or with null once the provider has said it has
    /// no room for it (see <see cref="Capacity"/>): the caller answers at once with a queued job,
    /// and the workflow goes on waiting for room.
    /// </summary>
    [WorkflowUpdate("WaitForJob")]
    public async Task<FineTuningJob?> WaitForJobAsync(WaitForJobInput input)
    {
        // A cancel must not fail this while a create runs: the caller would hear of no job while
        // one is being made. The job, once it exists, is the answer; the workflow then cancels it.
        var token = Workflow.Patched(Patches.UpdateSurvivesCancel) ? CancellationToken.None : Workflow.CancellationToken;
        await Workflow.WaitConditionAsync(() => job is not null || createFailure is not null || cancelledBeforeJob || capacity is not null, token);
        if (job is null && capacity is not null && !cancelledBeforeJob)
        {
            return null;
        }

        if (cancelledBeforeJob)
        {
            throw new ApplicationFailureException(
                "The fine-tune was cancelled before its job was created at the provider; no job exists.", CancelledBeforeJob, nonRetryable: true);
        }

        return Job ?? throw new ApplicationFailureException(
            $"The fine-tuning job could not be created: {createFailure!.InnerException?.Message ?? createFailure.Message}",
            (createFailure.InnerException as ApplicationFailureException)?.ErrorType ?? "CreateJobFailed",
            nonRetryable: true);
    }

    /// <summary>
    /// Pauses the job at the provider (the <c>PauseJob</c> activity) and answers with the job as
    /// the provider then shows it. A paused job is watched like a running one: it can run again.
    /// </summary>
    [WorkflowUpdate("Pause")]
    public Task<FineTuningJob> PauseAsync() => PauseOrResumeAsync(resume: false);

    [WorkflowUpdateValidator(nameof(PauseAsync))]
    public void ValidatePause() => ValidatePauseOrResume("pause");

    /// <summary>Resumes a paused job at the provider (the <c>ResumeJob</c> activity).</summary>
    [WorkflowUpdate("Resume")]
    public Task<FineTuningJob> ResumeAsync() => PauseOrResumeAsync(resume: true);

    [WorkflowUpdateValidator(nameof(ResumeAsync))]
    public void ValidateResume() => ValidatePauseOrResume("resume");

    /// <summary>
    /// A provider's webhook says the job has ended: the wait reads the job at once instead of at
    /// its next check. The event is only a hint (the read decides), so a late or out-of-order
    /// event costs one read, and a repeated one (the same <see cref="JobWebhook.EventId"/>) or one
    /// about another job costs nothing.
    /// </summary>
    [WorkflowSignal("JobWebhook")]
    public Task JobWebhookAsync(JobWebhook webhook)
    {
        // A malformed signal (anyone with access to the namespace can send one) is ignored: a throw
        // here would fail every workflow task from now on, and with them the watch and any cancel.
        if (webhook?.EventId is { } eventId && job is not null && webhook.JobId == job.Id && eventsSeen.Add(eventId))
        {
            woken = true;
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// Refuses, before anything is written to history, what cannot be paused or resumed: no job yet,
    /// or one that has ended. Whether the job is running (or paused) is the provider's to say: the
    /// status known here may be a check behind.
    /// </summary>
    private void ValidatePauseOrResume(string verb)
    {
        if (job is null)
        {
            throw new ApplicationFailureException($"Cannot {verb}: the job has not been created at the provider yet.", PauseRefused, nonRetryable: true);
        }

        if (JobStatus.IsTerminal(status))
        {
            throw new ApplicationFailureException($"Cannot {verb} job {job.Id}: it has {status}.", PauseRefused, nonRetryable: true);
        }
    }

    private async Task<FineTuningJob> PauseOrResumeAsync(bool resume)
    {
        var input = new PauseJobInput(job!.Id);
        var answer = resume
            ? await Workflow.ExecuteActivityAsync((PauseActivities a) => a.ResumeJobAsync(input), ActivityPolicies.Pause)
            : await Workflow.ExecuteActivityAsync((PauseActivities a) => a.PauseJobAsync(input), ActivityPolicies.Pause);
        Observe(answer.Job);
        return Job!;
    }

    /// <summary>Creates the job; false when a cancel came before any create was sent, so no job exists.</summary>
    private async Task<bool> CreateAsync(CreateFineTuningJobRequest request, FineTuneOptions options)
    {
        Workflow.CurrentDetails = $"**creating** · model `{request.Model}`";
        var created = Workflow.Patched(Patches.CreateIdentity)
            ? await PrepareAndCreateAsync(request, options)
            : await CreateAsFirstVersionAsync(new CreateJobInput(options.IdempotencyKey ?? Workflow.Info.RunId, request, Workflow.UtcNow));
        if (created is null)
        {
            return false;
        }

        provider = created.Provider;
        job = created.Job;
        status = JobStatus.Normalize(created.Job.Status);
        timeline.Add(new StatusTransition(status, Workflow.UtcNow));
        Workflow.UpsertTypedSearchAttributes(
            SearchAttributes.JobId.ValueSet(job.Id),
            SearchAttributes.Model.ValueSet(request.Model),
            SearchAttributes.Provider.ValueSet(provider),
            SearchAttributes.Status.ValueSet(status));
        Describe();
        Workflow.Logger.LogInformation("Job {JobId} created at {Provider} with status {Status}", job.Id, provider, status);
        return true;
    }

    /// <summary>
    /// Checks everything before any money is spent and records what the provider lists, then
    /// creates; null when a cancel came first and no job of this workflow exists. The key is the
    /// first run's id unless the caller gave one: it survives continue-as-new, retries and resets,
    /// where the run id changes on a reset.
    /// </summary>
    private async Task<CreateJobOutput?> PrepareAndCreateAsync(CreateFineTuningJobRequest request, FineTuneOptions options)
    {
        var key = options.IdempotencyKey ?? Workflow.Info.FirstExecutionRunId;
        var earlierRun = EarlierRunSince();
        var (prepared, prepareFailed) = await PrepareAsync(new PrepareCreateInput(key, request, options.Poll, options.ArtifactFolder, earlierRun));
        CreateJobInput Input() => new(key, request, Workflow.UtcNow, prepared?.Before, earlierRun, prepared?.MetadataKept);
        if (prepared?.SlotLimit is { } limit && !Workflow.CancellationToken.IsCancellationRequested && Workflow.Patched(Patches.LocalLimits)
            && !await AskForSlotAsync(prepared, request.Model, limit) && !Workflow.CancellationToken.IsCancellationRequested)
        {
            // After a reset or a retry the earlier run's job may be running: it is looked for now,
            // not after a wait in line, and watched if found (its slot is taken when granted).
            if (earlierRun is not null && await FindWithAsync(Input()) is { } running)
            {
                return running;
            }

            if (await WaitInLineAsync(request.Model, limit))
            {
                // The wait may have been long: what the provider lists is read again before the create.
                (prepared, prepareFailed) = await PrepareAsync(new PrepareCreateInput(key, request, options.Poll, options.ArtifactFolder, earlierRun));
            }
        }

        var input = Input();
        if (prepared is not null && !Workflow.CancellationToken.IsCancellationRequested)
        {
            return await CreateWhenRoomAsync(input);
        }

        // No create of this run went out, but a run before a reset or a retry may have made the
        // job: it is found (never created), so that the cancel reaches it, or the run watches it.
        if (earlierRun is not null && await FindWithAsync(input) is { } found)
        {
            return found;
        }

        if (prepareFailed is not null)
        {
            createFailure = prepareFailed;
            throw prepareFailed;
        }

        cancelledBeforeJob = true;
        return null;
    }

    /// <summary>
    /// Creates; a create refused for want of room waits on a timer and goes again — the same
    /// create (same key, same list before it), which now first looks for a job the refused one
    /// may have made after all. Null when a cancel came while waiting and no job was found.
    /// </summary>
    private async Task<CreateJobOutput?> CreateWhenRoomAsync(CreateJobInput input)
    {
        while (true)
        {
            try
            {
                return await CreateWithAsync(input);
            }
            catch (ActivityFailureException e) when (e.InnerException is ApplicationFailureException refusal && IsCapacityRefusal(e))
            {
                input = input with { RefusedForRoomAt = Now() };
                if (!await WaitForCapacityAsync(refusal))
                {
                    // A gateway that retried the refused create may have made the job all the
                    // same: it is looked for (never created), so that the cancel reaches it.
                    if (await FindWithAsync(input) is { } found)
                    {
                        return found;
                    }

                    cancelledBeforeJob = true;
                    return null;
                }

                Workflow.CurrentDetails = string.Create(
                    CultureInfo.InvariantCulture, $"**creating** · model `{input.Request.Model}` · trying again after waiting for capacity since {capacity!.Since:yyyy-MM-dd HH:mm:ss} UTC");
            }
        }
    }

    /// <summary>The checks and the list before a create; a failure kept (not thrown) when an earlier run's job must be looked for first.</summary>
    private async Task<(PrepareCreateOutput? Prepared, ActivityFailureException? Failed)> PrepareAsync(PrepareCreateInput input)
    {
        try
        {
            return (await Workflow.ExecuteActivityAsync((CreationActivities a) => a.PrepareCreateAsync(input), ActivityPolicies.Prepare), null);
        }
        catch (Exception e) when (Workflow.CancellationToken.IsCancellationRequested && TemporalException.IsCanceledException(e))
        {
            // Called off before any create of this run; an earlier run's job is looked for after.
            return (null, null);
        }
        catch (ActivityFailureException e) when (input.EarlierRunSince is not null)
        {
            // Retried while an earlier run's job may exist; failed for good all the same (a bug, a
            // change of code): that job is looked for before the run may end.
            return (null, e);
        }
        catch (ActivityFailureException e)
        {
            createFailure = e;
            throw;
        }
    }

    /// <summary>
    /// Asks this deployment's limiter of the model for a slot (<c>Provider:Limits</c>): true when it
    /// is granted now; otherwise the fine-tune is in line, and <c>SlotGranted</c> comes later. Never
    /// cut short by a cancel (<see cref="ActivityPolicies.RequestSlot"/>): a request that landed after
    /// this run gave its slot back would leave a holder that is gone.
    /// </summary>
    private async Task<bool> AskForSlotAsync(PrepareCreateOutput prepared, string model, int limit)
    {
        slotLimiter = SlotGrant.LimiterId(Workflow.Info.TaskQueue, prepared.Provider ?? provider, model);
        var request = new SlotRequest(slotLimiter, Workflow.Info.WorkflowId, limit);
        var answer = await Workflow.ExecuteActivityAsync(() => SlotActivities.RequestSlotAsync(request), ActivityPolicies.RequestSlot);
        slotHeld |= answer.Granted;
        return slotHeld;
    }

    /// <summary>
    /// Waits in this deployment's line for <c>SlotGranted</c>, holding nothing, shown as waiting for
    /// capacity. True when granted; false when cancelled in line (no create of this run has gone out).
    /// </summary>
    private async Task<bool> WaitInLineAsync(string model, int limit)
    {
        var since = Now();
        capacity = new CapacityWait(
            CapacityWait.LocalLimit, $"this deployment runs at most {limit} active job(s) of model {model} at once (Provider:Limits); this one starts when one of them ends", since, null, 0);
        ShowWaiting();
        Workflow.CurrentDetails = string.Create(
            CultureInfo.InvariantCulture,
            $"**waiting for capacity** at this deployment since {since:yyyy-MM-dd HH:mm:ss} UTC · at most {limit} active job(s) of model `{model}` · no job exists yet · the line: workflow `{slotLimiter}`");
        var request = new SlotRequest(slotLimiter!, Workflow.Info.WorkflowId, limit);
        try
        {
            // (Checked first: a wait whose condition already holds would still start, and bill, its timer.)
            while (!slotHeld && !await Workflow.WaitConditionAsync(() => slotHeld, AskSlotAgainAfter, Workflow.CancellationToken))
            {
                // The line lives in the limiter; were it lost (terminated by hand), asking again puts
                // this fine-tune back in it. A request already in line keeps its place.
                var again = await Workflow.ExecuteActivityAsync(() => SlotActivities.RequestSlotAsync(request), ActivityPolicies.RequestSlot);
                slotHeld |= again.Granted;
            }

            return true;
        }
        catch (Exception e) when (Workflow.CancellationToken.IsCancellationRequested && TemporalException.IsCanceledException(e))
        {
            // Called off in the line: no create of this run went out; the place asked for goes back as the run ends.
            return false;
        }
    }

    /// <summary>
    /// Lists the fine-tune among those waiting (<c>FineTuneStatus = "waiting_for_capacity"</c>) once:
    /// each upsert is a billable action, and the value does not change from one refusal to the next.
    /// </summary>
    private void ShowWaiting()
    {
        if (!waitingShown)
        {
            Workflow.UpsertTypedSearchAttributes(SearchAttributes.Status.ValueSet(CapacityWait.Status));
            waitingShown = true;
        }
    }

    /// <summary>Gives the slot back (or leaves the line), even while the workflow is being cancelled.</summary>
    private async Task ReleaseSlotAsync()
    {
        if (slotLimiter is not { } limiter)
        {
            return;
        }

        try
        {
            await Workflow.GetExternalWorkflowHandle(limiter).SignalAsync(
                SlotGrant.ReleaseSignal, [Workflow.Info.WorkflowId], new ExternalWorkflowSignalOptions { CancellationToken = CancellationToken.None });
        }
        catch (ApplicationFailureException e)
        {
            // The limiter has ended (it ends only with no holder, so this one's slot is not in it).
            Workflow.Logger.LogInformation("The slot limiter {Limiter} had ended: {Reason}", limiter, e.Message);
        }
    }

    /// <summary>
    /// The create as a run begun by the first version scheduled it, under that version's retry
    /// policy, which treats a rotated key, a 404 or an exhausted quota as final and gives up after
    /// an hour — also when the create may have made the job. So a create that fails for good is
    /// followed by a find (never a create): a job found is watched like any other, and only when
    /// none is does the run fail as the create did.
    /// </summary>
    private async Task<CreateJobOutput> CreateAsFirstVersionAsync(CreateJobInput input)
    {
        ActivityFailureException failed;
        try
        {
            return await Workflow.ExecuteActivityAsync((CreationActivities a) => a.CreateJobAsync(input), ActivityPolicies.Create);
        }
        catch (ActivityFailureException e) when (Workflow.Patched(Patches.FindAfterFirstVersionCreate))
        {
            failed = e;
        }
        catch (ActivityFailureException e)
        {
            throw CreateFailed(e);
        }

        return await FindWithAsync(input with { EarlierRunSince = RunStartedAt() }) ?? throw CreateFailed(failed);
    }

    /// <summary>
    /// When an earlier run of this workflow may already have made the job: the run continues a
    /// failed one (a workflow retry: since when is unknown, so since ever), or its id is not the
    /// first one's with no run before it to continue (a reset: the earlier run started when this
    /// workflow did). Null for a workflow's first run.
    /// </summary>
    private static DateTimeOffset? EarlierRunSince() =>
        Workflow.Info.ContinuedRunId is not null ? DateTimeOffset.UnixEpoch
        : Workflow.Info.RunId != Workflow.Info.FirstExecutionRunId ? RunStartedAt()
        : null;

    private static DateTimeOffset Now() => new(DateTime.SpecifyKind(Workflow.UtcNow, DateTimeKind.Utc));

    private static DateTimeOffset RunStartedAt() => new(DateTime.SpecifyKind(Workflow.Info.WorkflowStartTime, DateTimeKind.Utc));

    private async Task<CreateJobOutput> CreateWithAsync(CreateJobInput input)
    {
        try
        {
            return await Workflow.ExecuteActivityAsync((CreationActivities a) => a.CreateJobAsync(input), ActivityPolicies.Create);
        }
        catch (ActivityFailureException e) when (!IsCapacityRefusal(e) || !Workflow.Patched(Patches.WaitForCapacity))
        {
            throw CreateFailed(e);
        }
    }

    /// <summary>The provider's own message, from the details the activity attaches (<see cref="ProviderErrorDetails"/>).</summary>
    private static string? ProviderSaid(ApplicationFailureException failure)
    {
        try
        {
            return failure.Details.Count > 0 ? failure.Details.ElementAt<ProviderErrorDetails>(0).Message : null;
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private static bool IsCapacityRefusal(ActivityFailureException e) =>
        e.InnerException is ApplicationFailureException { ErrorType: var type } && ProviderErrorTypes.IsCapacity(type);

    /// <summary>
    /// Holds the fine-tune until the provider may have room (<see cref="CapacityPolicy"/>), on a
    /// timer: no worker slot, no provider call, a few history events. It shows why, in the
    /// search attribute, the Web UI's details and query <c>Capacity</c>, and answers a waiting
    /// <c>WaitForJob</c> update. False when a cancel came.
    /// </summary>
    private async Task<bool> WaitForCapacityAsync(ApplicationFailureException refusal)
    {
        var now = Now();
        var said = ProviderSaid(refusal) ?? refusal.Message;
        var refusals = (capacity?.Refusals ?? 0) + 1;
        var delay = CapacityPolicy.Delay(refusal.ErrorType!, refusals - 1, now, refusal.NextRetryDelay, CapacityPolicy.Jitter(Workflow.Info.WorkflowId, refusals));
        capacity = new CapacityWait(CapacityPolicy.ReasonFor(refusal.ErrorType!), said, capacity?.Since ?? now, now + delay, refusals);
        ShowWaiting();
        Workflow.CurrentDetails = string.Create(
            CultureInfo.InvariantCulture,
            $"**waiting for capacity** at the provider since {capacity.Since:yyyy-MM-dd HH:mm:ss} UTC ({capacity.Refusals} refused) · next try at {capacity.NextAttemptAt:yyyy-MM-dd HH:mm:ss} UTC · no job exists yet · the provider said: {said}");
        Workflow.Logger.LogInformation("The provider has no room for the job ({Reason}); trying again in {Delay}", capacity.Reason, delay);
        try
        {
            await Workflow.DelayAsync(delay, Workflow.CancellationToken);
            // A cancel that came in the task that fired the timer did not cancel it (it had fired).
            return !Workflow.CancellationToken.IsCancellationRequested;
        }
        catch (Exception e) when (Workflow.CancellationToken.IsCancellationRequested && TemporalException.IsCanceledException(e))
        {
            return false;
        }
    }

    private async Task<CreateJobOutput?> FindWithAsync(CreateJobInput input)
    {
        try
        {
            var found = await Workflow.ExecuteActivityAsync((CreationActivities a) => a.FindJobAsync(input), ActivityPolicies.Create);
            return found.Job is { } earlier ? new CreateJobOutput(earlier, Adopted: true, found.Provider) : null;
        }
        catch (ActivityFailureException e)
        {
            throw CreateFailed(e);
        }
    }

    /// <summary>Records why no job could be created or found, for the update's caller and the Web UI, and returns the failure to throw.</summary>
    private ActivityFailureException CreateFailed(ActivityFailureException e)
    {
        createFailure = e;
        Workflow.CurrentDetails = $"**failed** · {e.InnerException?.Message ?? e.Message}";
        return e;
    }

    private async Task WaitUntilFinalAsync(FineTuneOptions options, bool afterCancel, FineTuneInput? continueAs)
    {
        while (Lifecycle.NextFor(status) == NextStep.Wait)
        {
            var id = job!.Id;
            Observe(await WaitForChangeAsync(id, status, options.Poll, afterCancel));

            if (continueAs is not null && Workflow.ContinueAsNewSuggested && Lifecycle.NextFor(status) == NextStep.Wait)
            {
                // A cancel that came in with the wait's answer reaches the workflow only after this
                // code has run, and a new run would never hear of it. The short timer lets it in: a
                // cancel cancels the timer and takes the cancel path instead of continuing.
                await Workflow.DelayAsync(ContinueAsNewPause);

                // A cancel that came in the task that fired the timer did not cancel it (the timer
                // had fired): it is carried out here, since a new run would never hear of it.
                if (Workflow.CancellationToken.IsCancellationRequested && Workflow.Patched(Patches.CancelBeforeContinueAsNew))
                {
                    Workflow.CancellationToken.ThrowIfCancellationRequested();
                }

                await HandlersFinishedAsync();
                Workflow.Logger.LogInformation("Continuing job {JobId} as new after {Events} history events", id, Workflow.CurrentHistoryLength);
                var next = continueAs with { Carry = new FineTuneCarry(job with { Status = status }, provider, [.. timeline]) { SlotLimiter = slotLimiter, SlotAwaited = slotLimiter is not null && !slotHeld } };
                throw Workflow.CreateContinueAsNewException((FineTuneWorkflow wf) => wf.RunAsync(next));
            }
        }
    }

    /// <summary>
    /// Until the job leaves <paramref name="known"/>: by checks that Temporal retries, holding
    /// nothing between them; a run begun before those keeps the heartbeating wait it began with.
    /// </summary>
    private async Task<FineTuningJob> WaitForChangeAsync(string id, string known, PollPolicy? poll, bool afterCancel)
    {
        if (Workflow.Patched(Patches.CheckWithoutSlot))
        {
            var since = Now();
            // The workflow does not wake for checks (that is the point), so the Web UI's details say
            // when the status was seen and how often it is checked; the pending activity's last
            // failure names each check and the next ("still running — checked …, next check at …").
            var every = NextCheckAfter(since, poll);
            var often = every < TimeSpan.FromMinutes(1) ? $"{every.TotalSeconds:0} s" : $"{every.TotalMinutes:0} min";
            Workflow.CurrentDetails = string.Create(
                CultureInfo.InvariantCulture, $"{Summary()} · seen {since:yyyy-MM-dd HH:mm:ss} UTC · checked again at once, then about every {often}: see the pending `CheckJob` activity");
            return await CheckAsync(new CheckJobInput(id, known, since, poll), afterCancel);
        }

        var waited = await Workflow.ExecuteActivityAsync(
            (PollingActivities a) => a.WaitForStatusChangeAsync(new WaitForStatusChangeInput(id, known, poll)),
            afterCancel ? ActivityPolicies.WaitAfterCancel : ActivityPolicies.Wait);
        return waited.Job;
    }

    /// <summary>
    /// One <c>CheckJob</c>, cut short by a <see cref="JobWebhook"/>: the pending check (as a rule in
    /// Temporal's back-off between attempts, holding nothing) is cancelled, and a new one reads
    /// the job at once, then goes on at the same cadence if the job has not in fact moved.
    /// </summary>
    private async Task<FineTuningJob> CheckAsync(CheckJobInput input, bool afterCancel)
    {
        while (true)
        {
            woken = false;
            // Cancelled by the workflow's cancel, or by a wake; after a cancel, by a wake alone.
            using var stopCheck = afterCancel ? new CancellationTokenSource() : CancellationTokenSource.CreateLinkedTokenSource(Workflow.CancellationToken);
            using var stopWaiting = new CancellationTokenSource();
            var options = ActivityPolicies.Check;
            options.CancellationToken = stopCheck.Token;
            var check = Workflow.ExecuteActivityAsync((PollingActivities a) => a.CheckJobAsync(input), options);
            var wake = Workflow.WaitConditionAsync(() => woken, stopWaiting.Token);
            var first = await Workflow.WhenAnyAsync(check, wake);
            stopWaiting.Cancel();
            if (first == check || !Workflow.Patched(Patches.WakeOnWebhook))
            {
                return (await check).Job;
            }

            stopCheck.Cancel();
            try
            {
                // Done in the same task as the event came: its answer stands.
                return (await check).Job;
            }
            catch (ActivityFailureException e) when (TemporalException.IsCanceledException(e) && (afterCancel || !Workflow.CancellationToken.IsCancellationRequested))
            {
                Workflow.Logger.LogInformation("A provider event about job {JobId} came: checking it at once", input.JobId);
            }
        }
    }

    /// <summary>Cancels the job at the provider and waits for its final word, none of it cancellable.</summary>
    private async Task CancelAtProviderAsync(FineTuneOptions options)
    {
        var id = job!.Id;
        Workflow.Logger.LogInformation("Cancel requested: cancelling job {JobId} at the provider", id);
        var cancelled = await Workflow.ExecuteActivityAsync(
            (CancelActivities a) => a.CancelJobAsync(new CancelJobInput(id)),
            ActivityPolicies.Cancel);
        Observe(cancelled.Job);
        await WaitUntilFinalAsync(options, afterCancel: true, continueAs: null);
    }

    private async Task<FineTuneResult> FinishAsync(FineTuneOptions options)
    {
        var final = job! with { Status = status };
        JobMetrics.Finished(status);
        switch (Lifecycle.NextFor(status))
        {
            case NextStep.RetrieveResults:
                var id = final.Id;
                var retrieve = ActivityPolicies.RetrieveResults;
                if (Workflow.Patched(Patches.ResultsOnLongQueue))
                {
                    // Downloads hold a slot for minutes: on their own queue they never starve creates and cancels.
                    retrieve.TaskQueue = LongWork.QueueFor(Workflow.Info.TaskQueue);
                }

                var results = await Workflow.ExecuteActivityAsync(
                    (ResultActivities a) => a.RetrieveResultFilesAsync(new RetrieveResultFilesInput(id, options.ArtifactFolder)),
                    retrieve);
                if (results.ChartUrl is { } chart)
                {
                    // Details only (no command, nothing in history): the Web UI links the picture.
                    Workflow.CurrentDetails = $"{Summary()} · [loss curve]({chart})";
                }

                await HandlersFinishedAsync();
                return new FineTuneResult(id, status, final.FineTunedModel, final.TrainedTokens, final.ResultFiles ?? [], results.Metrics, results.Artifacts, [.. timeline]);
            case NextStep.Fail:
                var error = final.Error;
                await HandlersFinishedAsync();
                throw new ApplicationFailureException(
                    $"Fine-tuning job {final.Id} failed: {error?.Message ?? "the provider gave no reason"}",
                    error?.Code ?? "FineTuneJobFailed",
                    nonRetryable: true,
                    details: [new ProviderErrorDetails(error?.Code, error?.Message, error?.Param, null)]);
            case NextStep.EndCancelled when watchFailure is not null:
                var cause = watchFailure.InnerException?.Message ?? watchFailure.Message;
                Workflow.CurrentDetails = $"**failed** · job `{final.Id}` was cancelled at the provider after its watch failed: {cause}";
                await HandlersFinishedAsync();
                throw new ApplicationFailureException(
                    $"The watch of fine-tuning job {final.Id} failed ({cause}), so the job was cancelled at the provider; it is now {status}",
                    WatchFailed,
                    nonRetryable: true);
            case NextStep.EndCancelled when Workflow.CancellationToken.IsCancellationRequested:
                await HandlersFinishedAsync();
                throw new OperationCanceledException($"Fine-tuning job {final.Id} was cancelled");
            default:
                // Temporal marks a run cancelled only after a cancel request; a job cancelled at the
                // provider directly (console, CLI) ends the run failed, saying so plainly.
                await HandlersFinishedAsync();
                throw new ApplicationFailureException(
                    $"Fine-tuning job {final.Id} was cancelled at the provider", CancelledAtProvider, nonRetryable: true);
        }
    }

    /// <summary>Lets every update handler answer before the run ends or continues as new (it would be dropped otherwise).</summary>
    private static async Task HandlersFinishedAsync()
    {
        if (!Workflow.AllHandlersFinished)
        {
            await Workflow.WaitConditionAsync(() => Workflow.AllHandlersFinished, CancellationToken.None);
        }
    }

    private void Observe(FineTuningJob observed)
    {
        var next = JobStatus.Normalize(observed.Status);
        var observation = Lifecycle.Observe(status, next);
        job = observed;
        if (observation.IsUnexpected)
        {
            Workflow.Logger.LogWarning("Job {JobId} went from {From} to {To}, which its lifecycle does not expect", observed.Id, status, next);
        }

        if (!observation.IsChange)
        {
            return;
        }

        if (timeline.Count > 0)
        {
            JobMetrics.StatusEnded(status, Workflow.UtcNow - timeline[^1].At);
        }

        status = next;
        timeline.Add(new StatusTransition(status, Workflow.UtcNow));
        Workflow.UpsertTypedSearchAttributes(SearchAttributes.Status.ValueSet(status));
        Describe();
        Workflow.Logger.LogInformation("Job {JobId} is now {Status}", observed.Id, status);
    }

    private void Describe() => Workflow.CurrentDetails = Summary();

    private string Summary() => $"**{status}** · job `{job!.Id}` · model `{job.Model}` · {provider}";

    /// <summary>The delay <c>CheckJob</c> will choose after its first call, by the same pure rule, from the job as last seen.</summary>
    private TimeSpan NextCheckAfter(DateTimeOffset now, PollPolicy? poll)
    {
        var policy = poll is { } p && p.Problems().Count == 0 ? p : PollPolicy.Default;
        return PollSchedule.NextInterval(policy, now - (PollSchedule.Instant(job!.CreatedAt) ?? now), now, PollSchedule.Instant(job.EstimatedFinish));
    }
}
