using FineTuneWorkflows.Starter.Hosting;
using FineTuneWorkflows.Starter.Temporal;
using FineTuneWorkflows.Activities.Results;
using FineTuneWorkflows.Wire;
using FineTuneWorkflows.Workflows;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Temporalio.Api.Enums.V1;

namespace FineTuneWorkflows.Starter.Api;

/// <summary>
/// <c>/v1/fine_tuning/jobs</c> in the OpenAI wire format, each job a FineTune workflow: create,
/// read, list, cancel, events, and our extension <c>/result</c>.
/// </summary>
public static class FineTuningJobsApi
{

    public static IEndpointRouteBuilder MapFineTuningJobsApi(this IEndpointRouteBuilder routes)
    {
        var jobs = routes.MapGroup("/v1/fine_tuning/jobs")
            .WithTags("Fine-tuning")
            .ProducesProblemEnvelope(StatusCodes.Status401Unauthorized)
            .ProducesProblemEnvelope(StatusCodes.Status503ServiceUnavailable);
        jobs.MapPost("/", CreateAsync)
            .WithName("CreateFineTuningJob")
            .WithMetadata(new UnavailableMessage(ApiErrors.CreateUnavailable))
            .Accepts<CreateFineTuningJobRequest>("application/json")
            .ProducesProblemEnvelope(StatusCodes.Status400BadRequest)
            .ProducesProblemEnvelope(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblemEnvelope(StatusCodes.Status422UnprocessableEntity);
        jobs.MapGet("/", ListAsync).WithName("ListFineTuningJobs")
            .WithMetadata(new UnavailableMessage(ApiErrors.CouldNot("list the jobs")))
            .ProducesProblemEnvelope(StatusCodes.Status400BadRequest);
        jobs.MapGet("/{id}", RetrieveAsync).WithName("RetrieveFineTuningJob")
            .WithMetadata(new UnavailableMessage(ApiErrors.CouldNot("read the job")))
            .ProducesProblemEnvelope(StatusCodes.Status404NotFound);
        jobs.MapPost("/{id}/cancel", CancelAsync).WithName("CancelFineTuningJob")
            .WithMetadata(new UnavailableMessage(ApiErrors.CancelUnavailable))
            .ProducesProblemEnvelope(StatusCodes.Status400BadRequest)
            .ProducesProblemEnvelope(StatusCodes.Status404NotFound);
        jobs.MapPost("/{id}/pause", PauseAsync).WithName("PauseFineTuningJob")
            .WithMetadata(new UnavailableMessage(ApiErrors.CouldNot("pause the job")))
            .ProducesProblemEnvelope(StatusCodes.Status400BadRequest)
            .ProducesProblemEnvelope(StatusCodes.Status404NotFound);
        jobs.MapPost("/{id}/resume", ResumeAsync).WithName("ResumeFineTuningJob")
            .WithMetadata(new UnavailableMessage(ApiErrors.CouldNot("resume the job")))
            .ProducesProblemEnvelope(StatusCodes.Status400BadRequest)
            .ProducesProblemEnvelope(StatusCodes.Status404NotFound);
        jobs.MapGet("/{id}/events", EventsAsync).WithName("ListFineTuningEvents")
            .WithMetadata(new UnavailableMessage(ApiErrors.CouldNot("read the job's events")))
            .ProducesProblemEnvelope(StatusCodes.Status400BadRequest)
            .ProducesProblemEnvelope(StatusCodes.Status404NotFound);
        jobs.MapGet("/{id}/result", ResultAsync).WithName("RetrieveFineTuningJobResult")
            .WithMetadata(new UnavailableMessage(ApiErrors.CouldNot("read the job's result")))
            .ProducesProblemEnvelope(StatusCodes.Status404NotFound)
            .ProducesProblemEnvelope(StatusCodes.Status409Conflict);
        jobs.MapGet("/{id}/artifacts/{name}", ArtifactAsync).WithName("RetrieveFineTuningJobArtifact")
            .WithSummary("A stored result file or loss-curve picture of a succeeded job, by the name its result lists")
            .WithMetadata(new UnavailableMessage(ApiErrors.CouldNot("read the job's result")))
            .ProducesProblemEnvelope(StatusCodes.Status404NotFound)
            .ProducesProblemEnvelope(StatusCodes.Status409Conflict);
        return routes;
    }

    public static async Task<Results<Ok<FineTuningJob>, JsonHttpResult<ErrorEnvelope>>> CreateAsync(
        HttpRequest http, FineTuneJobs jobs, IOptions<StarterOptions> options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(jobs);
        ArgumentNullException.ThrowIfNull(options);
        string id;
        var keyed = http.Headers.TryGetValue(Idempotency.Header, out var keys);
        if (keyed)
        {
            var key = keys.ToString();
            if ((keys.Count == 1 ? JobIds.ProblemWithIdempotencyKey(key) : "must be given once") is { } problem)
            {
                return ApiErrors.BadRequest(Idempotency.Header, $"Invalid '{Idempotency.Header}' header: it {problem}.", "invalid_idempotency_key");
            }

            id = JobIds.FromIdempotencyKey(key);
        }
        else
        {
            id = JobIds.New();
        }

        var read = await CreateRequestReader.ReadAsync(http, options.Value.MaxRequestBodyBytes, cancellationToken);
        if (read.Error is { } error)
        {
            return error;
        }

        var digest = RequestDigest.Of(read.Request!);
        // Without a key the id is new, so the workflow found under it can only be this request's.
        var expected = keyed ? digest : null;
        return await jobs.CreateAsync(id, read.Request!, digest, cancellationToken) switch
        {
            CreateOutcome.Refused refused => await RefusedAsync(jobs, id, refused, expected, cancellationToken),
            CreateOutcome.Created created => await ViewAsync(jobs, id, created.Job, expected, cancellationToken),
            _ => await ViewAsync(jobs, id, null, expected, cancellationToken),
        };
    }

    public static async Task<Results<Ok<FineTuningJob>, JsonHttpResult<ErrorEnvelope>>> RetrieveAsync(string id, FineTuneJobs jobs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        var snapshot = JobIds.IsWellFormed(id) ? await jobs.FindAsync(id, cancellationToken) : null;
        return snapshot is null ? ApiErrors.JobNotFound(id) : TypedResults.Ok(JobViews.From(snapshot.Facts, snapshot.Job, snapshot.Failure, snapshot.Capacity));
    }

    public static async Task<Results<Ok<ListPage<FineTuningJob>>, JsonHttpResult<ErrorEnvelope>>> ListAsync(
        string? after, string? limit, FineTuneJobs jobs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        if (ListPages.ReadLimit(limit, capAboveMax: false, out var pageSize) is { } error)
        {
            return ApiErrors.Envelope(StatusCodes.Status400BadRequest, error);
        }

        var (page, hasMore) = await jobs.ListAsync(after, pageSize, cancellationToken);
        return TypedResults.Ok(new ListPage<FineTuningJob> { Object = "list", Data = [.. page.Select(facts => JobViews.From(facts))], HasMore = hasMore });
    }

    public static async Task<Results<Ok<FineTuningJob>, JsonHttpResult<ErrorEnvelope>>> CancelAsync(string id, FineTuneJobs jobs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        var before = JobIds.IsWellFormed(id) ? await jobs.FindAsync(id, cancellationToken) : null;
        if (before is null)
        {
            return ApiErrors.JobNotFound(id);
        }

        if (!before.Facts.IsRunning)
        {
            var status = JobViews.StatusOf(before.Facts, before.Job?.Status);
            return ApiErrors.BadRequest("fine_tune_id", $"Job {id} has already {status}; only a job that has not finished can be cancelled (current status: {status}).", "job_already_finished");
        }

        await jobs.CancelAsync(id, cancellationToken);
        var after = await jobs.FindAsync(id, cancellationToken) ?? before;
        var view = JobViews.From(after.Facts, after.Job, after.Failure, after.Capacity);
        // Still running: the workflow is cancelling the provider job and waiting for its final word.
        return TypedResults.Ok(JobStatus.IsTerminal(view.Status!) ? view : view with { Status = JobStatus.Cancelling });
    }

    public static Task<Results<Ok<FineTuningJob>, JsonHttpResult<ErrorEnvelope>>> PauseAsync(string id, FineTuneJobs jobs, CancellationToken cancellationToken) =>
        PauseOrResumeAsync(id, resume: false, jobs, cancellationToken);

    public static Task<Results<Ok<FineTuningJob>, JsonHttpResult<ErrorEnvelope>>> ResumeAsync(string id, FineTuneJobs jobs, CancellationToken cancellationToken) =>
        PauseOrResumeAsync(id, resume: true, jobs, cancellationToken);

    /// <summary>
    /// Pause and resume run as workflow updates, so the workflow that watches the job is the one
    /// that asks the provider, and its history says so; the answer is the job as it then stands.
    /// </summary>
    private static async Task<Results<Ok<FineTuningJob>, JsonHttpResult<ErrorEnvelope>>> PauseOrResumeAsync(
        string id, bool resume, FineTuneJobs jobs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        var before = JobIds.IsWellFormed(id) ? await jobs.FindAsync(id, cancellationToken) : null;
        if (before is null)
        {
            return ApiErrors.JobNotFound(id);
        }

        if (await jobs.PauseOrResumeAsync(id, resume, cancellationToken) is { } refusal)
        {
            return ApiErrors.BadRequest("fine_tune_id", refusal, resume ? "job_not_resumable" : "job_not_pausable");
        }

        var after = await jobs.FindAsync(id, cancellationToken) ?? before;
        return TypedResults.Ok(JobViews.From(after.Facts, after.Job, after.Failure, after.Capacity));
    }

    public static async Task<Results<Ok<ListPage<JobEvent>>, JsonHttpResult<ErrorEnvelope>>> EventsAsync(
        string id, string? after, string? limit, FineTuneJobs jobs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        if (ListPages.ReadLimit(limit, capAboveMax: false, out var pageSize) is { } error)
        {
            return ApiErrors.Envelope(StatusCodes.Status400BadRequest, error);
        }

        var snapshot = JobIds.IsWellFormed(id) ? await jobs.FindAsync(id, cancellationToken) : null;
        if (snapshot is null)
        {
            return ApiErrors.JobNotFound(id);
        }

        var events = JobEvents.Merged(JobEvents.FromTimeline(id, await jobs.TimelineAsync(snapshot.Facts, cancellationToken)), JobEvents.FromSteps(id, snapshot.Live?.Steps ?? []));
        return TypedResults.Ok(ListPages.Page(events, e => e.Id, after, pageSize));
    }

    public static async Task<Results<Ok<JobResultView>, JsonHttpResult<ErrorEnvelope>>> ResultAsync(string id, FineTuneJobs jobs, CancellationToken cancellationToken)
    {
        var (result, error) = await SucceededAsync(id, jobs, cancellationToken);
        return result is null ? error! : TypedResults.Ok(JobResultView.From(id, result));
    }

    /// <summary>
    /// One artifact of a succeeded job, streamed from the artifact store: only those its result
    /// lists, by the name under which they are stored, so no request can name another path.
    /// </summary>
    public static async Task<IResult> ArtifactAsync(string id, string name, FineTuneJobs jobs, IArtifactStore store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var (result, error) = await SucceededAsync(id, jobs, cancellationToken);
        if (result is null)
        {
            return error!;
        }

        if (result.Artifacts.FirstOrDefault(a => ArtifactView.NameOf(a.Location) == name) is not { } artifact)
        {
            return ApiErrors.Envelope(StatusCodes.Status404NotFound, $"Job {id} has no artifact named '{name}'; GET /v1/fine_tuning/jobs/{id}/result lists them.", ApiErrors.InvalidRequest, "name", "artifact_not_found");
        }

        try
        {
            return TypedResults.Stream(store.OpenRead(artifact.Location), ArtifactView.ContentTypeOf(name), name, enableRangeProcessing: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return ApiErrors.Envelope(
                StatusCodes.Status404NotFound,
                $"Job {id}'s artifact '{name}' is stored at {artifact.Location}, which this starter cannot read: give it the worker's Artifacts:Folder (the same folder, or a shared volume).",
                ApiErrors.InvalidRequest, "name", "artifact_not_readable");
        }
    }

    /// <summary>The result of a job that succeeded; otherwise the answer that says why there is none.</summary>
    private static async Task<(FineTuneResult? Result, JsonHttpResult<ErrorEnvelope>? Error)> SucceededAsync(string id, FineTuneJobs jobs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        var snapshot = JobIds.IsWellFormed(id) ? await jobs.FindAsync(id, cancellationToken) : null;
        if (snapshot is null)
        {
            return (null, ApiErrors.JobNotFound(id));
        }

        if (snapshot.Facts.Status != WorkflowExecutionStatus.Completed)
        {
            var status = JobViews.StatusOf(snapshot.Facts, snapshot.Job?.Status);
            return (null, ApiErrors.Envelope(StatusCodes.Status409Conflict, $"Job {id} has no result: it is {status}; a result exists once a job has succeeded.", ApiErrors.InvalidRequest, "fine_tune_id", "job_not_succeeded"));
        }

        return (await jobs.ResultAsync(id, cancellationToken), null);
    }

    /// <summary>
    /// The job view right after a create: described, so it matches what a GET will say. The
    /// workflow may be another request's that used the same Idempotency-Key (joined while it ran,
    /// or found closed, even when both raced to start it): its memo says which.
    /// </summary>
    /// <param name="expectedDigest">The request's digest when it came with a key; null when nothing can have come first.</param>
    private static async Task<Results<Ok<FineTuningJob>, JsonHttpResult<ErrorEnvelope>>> ViewAsync(
        FineTuneJobs jobs, string id, FineTuningJob? created, string? expectedDigest, CancellationToken cancellationToken)
    {
        var snapshot = await jobs.FindAsync(id, cancellationToken);
        if (snapshot is null)
        {
            return ApiErrors.Envelope(StatusCodes.Status503ServiceUnavailable, $"Job {id} was not found right after it was started; try GET /v1/fine_tuning/jobs/{id} shortly.", ApiErrors.ServerError, code: "temporal_unavailable");
        }

        if (expectedDigest is not null && RequestDigest.IsOtherRequest(snapshot.Facts.Memo?.RequestDigest, expectedDigest))
        {
            return ApiErrors.IdempotencyKeyReused(id);
        }

        return TypedResults.Ok(JobViews.From(snapshot.Facts, created ?? snapshot.Job, snapshot.Failure, snapshot.Capacity));
    }

    /// <summary>A refused create, unless the refusal was of another request that used the same key: then that is the answer.</summary>
    private static async Task<JsonHttpResult<ErrorEnvelope>> RefusedAsync(
        FineTuneJobs jobs, string id, CreateOutcome.Refused refused, string? expectedDigest, CancellationToken cancellationToken)
    {
        if (expectedDigest is not null
            && await jobs.FactsAsync(id, cancellationToken) is { } facts
            && RequestDigest.IsOtherRequest(facts.Memo?.RequestDigest, expectedDigest))
        {
            return ApiErrors.IdempotencyKeyReused(id);
        }

        return CreateRefusals.ToError(refused);
    }

    private static RouteHandlerBuilder ProducesProblemEnvelope(this RouteHandlerBuilder builder, int status) =>
        builder.Produces<ErrorEnvelope>(status);

    private static RouteGroupBuilder ProducesProblemEnvelope(this RouteGroupBuilder builder, int status) =>
        builder.WithMetadata(new ProducesResponseTypeMetadata(status, typeof(ErrorEnvelope), ["application/json"]));
}
