using System.Text.Json.Serialization.Metadata;
using FineTuneWorkflows.Simulator.Jobs;
using FineTuneWorkflows.Wire;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FineTuneWorkflows.Simulator.Api;

/// <summary><c>/v1/fine_tuning/jobs</c>: create, read, list, cancel, events and checkpoints.</summary>
public static class FineTuningApi
{
    private const string MetadataPrefix = "metadata[";

    public static IEndpointRouteBuilder MapFineTuningApi(this IEndpointRouteBuilder routes)
    {
        var jobs = routes.MapGroup("/v1/fine_tuning/jobs");
        jobs.MapPost("/", CreateAsync);
        jobs.MapGet("/", List);
        jobs.MapGet("/{id}", Retrieve);
        jobs.MapPost("/{id}/cancel", Cancel);
        jobs.MapPost("/{id}/pause", (string id, SimulatorState state) => PauseOrResume(id, state, resume: false));
        jobs.MapPost("/{id}/resume", (string id, SimulatorState state) => PauseOrResume(id, state, resume: true));
        jobs.MapGet("/{id}/events", Events);
        jobs.MapGet("/{id}/checkpoints", Checkpoints);
        return routes;
    }

    public static async Task<Results<JsonHttpResult<FineTuningJob>, JsonHttpResult<ErrorEnvelope>>> CreateAsync(HttpRequest http, SimulatorState state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(state);
        var (request, error) = await CreateRequestReader.ReadAsync(http.Body, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        // Counted by what the client sent, even when metadata is then dropped like Portkey does.
        var key = http.Headers.TryGetValue(Idempotency.Header, out var header) && header.Count > 0
            ? header.ToString()
            : request!.Metadata?.GetValueOrDefault(Idempotency.MetadataKey);
        var (job, refusal) = state.CreateWithinLimits(request!, key);
        return refusal is null
            ? Json(SimulatedJobs.Render(job!, state.Clock.GetUtcNow()))
            : ApiErrors.Envelope(StatusCodes.Status429TooManyRequests, refusal.Message, "requests", code: refusal.Code);
    }

    public static Results<JsonHttpResult<FineTuningJob>, JsonHttpResult<ErrorEnvelope>> Retrieve(string id, SimulatorState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.FindJob(id) is { } job ? Json(SimulatedJobs.Render(job, state.Clock.GetUtcNow())) : ApiErrors.JobNotFound(id);
    }

    public static Results<JsonHttpResult<ListPage<FineTuningJob>>, JsonHttpResult<ErrorEnvelope>> List(HttpRequest http, SimulatorState state, string? after, string? limit)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(state);
        if (ListPages.ReadLimit(limit, capAboveMax: true, out var pageSize) is { } error)
        {
            return ApiErrors.Envelope(StatusCodes.Status400BadRequest, error);
        }

        var filter = MetadataFilter(http.Query);
        var now = state.Clock.GetUtcNow();
        var matching = state.JobsNewestFirst()
            .Select(job => SimulatedJobs.Render(job, now))
            .Where(job => filter.All(pair => job.Metadata?.GetValueOrDefault(pair.Key) == pair.Value))
            .ToList();
        return TypedResults.Json(ListPages.Page(matching, job => job.Id, after, pageSize), WireJson.Default.ListPageFineTuningJob);
    }

    public static Results<JsonHttpResult<FineTuningJob>, JsonHttpResult<ErrorEnvelope>> Cancel(string id, SimulatorState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var now = state.Clock.GetUtcNow();
        var before = state.FindJob(id);
        if (before is null)
        {
            return ApiErrors.JobNotFound(id);
        }

        if (before.Timeline.IsTerminalAt(now))
        {
            var status = before.Timeline.At(now).Status;
            return ApiErrors.BadRequest("fine_tune_id", $"Job {id} has already {status}; only a job that has not finished can be cancelled (current status: {status}).");
        }

        return Json(SimulatedJobs.Render(state.Cancel(id)!, state.Clock.GetUtcNow()));
    }

    public static Results<JsonHttpResult<FineTuningJob>, JsonHttpResult<ErrorEnvelope>> PauseOrResume(string id, SimulatorState state, bool resume)
    {
        ArgumentNullException.ThrowIfNull(state);
        var (job, refusal) = state.PauseOrResume(id, resume);
        return job is null ? ApiErrors.JobNotFound(id)
            : refusal is not null ? ApiErrors.BadRequest("fine_tune_id", refusal)
            : Json(SimulatedJobs.Render(job, state.Clock.GetUtcNow()));
    }

    public static Results<JsonHttpResult<ListPage<JobEvent>>, JsonHttpResult<ErrorEnvelope>> Events(string id, SimulatorState state, string? after, string? limit) =>
        JobList(id, state, after, limit, SimulatedJobs.Events, e => e.Id, WireJson.Default.ListPageJobEvent);

    public static Results<JsonHttpResult<ListPage<JobCheckpoint>>, JsonHttpResult<ErrorEnvelope>> Checkpoints(string id, SimulatorState state, string? after, string? limit) =>
        JobList(id, state, after, limit, SimulatedJobs.Checkpoints, c => c.Id, WireJson.Default.ListPageJobCheckpoint);

    /// <summary>A job's list (events, checkpoints) as it stands now, a page of it.</summary>
    private static Results<JsonHttpResult<ListPage<T>>, JsonHttpResult<ErrorEnvelope>> JobList<T>(
        string id, SimulatorState state, string? after, string? limit, Func<SimulatedJob, DateTimeOffset, List<T>> items, Func<T, string> itemId, JsonTypeInfo<ListPage<T>> json)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (ListPages.ReadLimit(limit, capAboveMax: true, out var pageSize) is { } error)
        {
            return ApiErrors.Envelope(StatusCodes.Status400BadRequest, error);
        }

        return state.FindJob(id) is { } job
            ? TypedResults.Json(ListPages.Page(items(job, state.Clock.GetUtcNow()), itemId, after, pageSize), json)
            : ApiErrors.JobNotFound(id);
    }

    /// <summary>The <c>metadata[k]=v</c> pairs of a query; ASP.NET has already decoded <c>metadata%5Bk%5D</c>.</summary>
    private static Dictionary<string, string> MetadataFilter(IQueryCollection query) =>
        query
            .Where(pair => pair.Key.StartsWith(MetadataPrefix, StringComparison.Ordinal) && pair.Key.EndsWith(']'))
            .ToDictionary(pair => pair.Key[MetadataPrefix.Length..^1], pair => pair.Value.ToString());

    private static JsonHttpResult<FineTuningJob> Json(FineTuningJob job) => TypedResults.Json(job, WireJson.Default.FineTuningJob);
}
