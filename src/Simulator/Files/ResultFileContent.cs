namespace FineTuneWorkflows.Simulator.Files;

/// <summary>
/// Streams a result file with its exact length announced. Sent as octet-stream because the
/// Portkey gateway mangles text/csv bodies.
/// </summary>
public sealed record ResultFileContent(string JobId, int Rows, bool Base64) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/octet-stream";
        response.ContentLength = ResultCsv.Length(JobId, Rows, Base64);
        response.Headers.ContentDisposition = $"attachment; filename=\"{ResultCsv.Filename}\"";
        await ResultCsv.WriteAsync(response.Body, JobId, Rows, Base64, httpContext.RequestAborted);
    }
}
