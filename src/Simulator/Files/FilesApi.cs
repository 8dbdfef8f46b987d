using FineTuneWorkflows.Simulator.Api;
using FineTuneWorkflows.Simulator.Jobs;
using FineTuneWorkflows.Wire;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FineTuneWorkflows.Simulator.Files;

/// <summary><c>/v1/files</c>: uploads kept in memory, and each succeeded job's generated result file.</summary>
public static class FilesApi
{
    public static IEndpointRouteBuilder MapFilesApi(this IEndpointRouteBuilder routes)
    {
        var files = routes.MapGroup("/v1/files");
        files.MapPost("/", UploadAsync);
        files.MapGet("/{id}", Retrieve);
        files.MapGet("/{id}/content", Content);
        files.MapDelete("/{id}", Delete);
        return routes;
    }

    public static async Task<Results<JsonHttpResult<ProviderFile>, JsonHttpResult<ErrorEnvelope>>> UploadAsync(HttpRequest http, SimulatorState state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(state);
        if (!http.HasFormContentType)
        {
            return ApiErrors.BadRequest("file", "Expected a multipart/form-data body with 'purpose' and 'file'.");
        }

        var form = await http.ReadFormAsync(cancellationToken);
        var purpose = form["purpose"].ToString();
        if (string.IsNullOrWhiteSpace(purpose))
        {
            return ApiErrors.BadRequest("purpose", "Missing required parameter: 'purpose'.");
        }

        if (form.Files.GetFile("file") is not { } upload)
        {
            return ApiErrors.BadRequest("file", "Missing required parameter: 'file'.");
        }

        using var content = new MemoryStream();
        await upload.CopyToAsync(content, cancellationToken);
        var file = state.AddFile(upload.FileName, purpose, content.ToArray());
        return Json(Describe(file));
    }

    public static Results<JsonHttpResult<ProviderFile>, JsonHttpResult<ErrorEnvelope>> Retrieve(string id, SimulatorState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.FindFile(id) is { } file)
        {
            return Json(Describe(file));
        }

        return state.FindSucceededJobByResultFile(id) is { } job ? Json(DescribeResult(job, state.Options)) : ApiErrors.FileNotFound(id);
    }

    public static IResult Content(string id, SimulatorState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.FindFile(id) is { } file)
        {
            return TypedResults.Bytes(file.Content, "application/octet-stream");
        }

        return state.FindSucceededJobByResultFile(id) is { } job
            ? new ResultFileContent(job.Id, state.Options.ResultRows, state.Options.ResultBase64)
            : ApiErrors.FileNotFound(id);
    }

    public static Results<JsonHttpResult<FileDeleted>, JsonHttpResult<ErrorEnvelope>> Delete(string id, SimulatorState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.DeleteFile(id)
            ? TypedResults.Json(new FileDeleted(id, "file", Deleted: true), SimulatorJson.Default.FileDeleted)
            : ApiErrors.FileNotFound(id);
    }

    private static ProviderFile Describe(StoredFile file) => new()
    {
        Id = file.Id,
        Object = "file",
        Bytes = file.Content.LongLength,
        CreatedAt = file.CreatedAt.ToUnixTimeSeconds(),
        Filename = file.Filename,
        Purpose = file.Purpose,
        Status = "processed",
    };

    private static ProviderFile DescribeResult(SimulatedJob job, SimulatorOptions options) => new()
    {
        Id = job.ResultFileId,
        Object = "file",
        Bytes = ResultCsv.Length(job.Id, options.ResultRows, options.ResultBase64),
        CreatedAt = job.Timeline.EndsAt.ToUnixTimeSeconds(),
        Filename = ResultCsv.Filename,
        Purpose = ResultCsv.Purpose,
        Status = "processed",
    };

    private static JsonHttpResult<ProviderFile> Json(ProviderFile file) => TypedResults.Json(file, WireJson.Default.ProviderFile);
}
