using System.Globalization;
using System.Text;
using FineTuneWorkflows.Simulator.Api;

namespace FineTuneWorkflows.Simulator.Faults;

/// <summary>
/// Makes a request fail the way real providers and gateways do, when the request asks for it
/// (<c>x-sim-fault</c>) or the fault plan says so. Runs before authentication, like a gateway.
/// </summary>
public sealed class FaultInjection(RequestDelegate next, SimulatorState state, ILogger<FaultInjection> logger)
{
    public const string Header = "x-sim-fault";

    private const string BadGatewayPage =
        "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Request;
        var spec = request.Headers.TryGetValue(Header, out var header) && header.Count > 0
            ? header.ToString()
            : state.TakeFault(request.Method, request.Path.Value ?? string.Empty);
        if (spec is null)
        {
            await next(context);
            return;
        }

        if (!SimulatedFault.TryParse(spec, out var fault))
        {
            await ApiErrors.BadRequest(Header, $"Unknown fault '{spec}'; expected {SimulatedFault.Grammar}").ExecuteAsync(context);
            return;
        }

        if (logger.IsEnabled(LogLevel.Information))
        {
            logger.LogInformation("Injecting fault {Fault} into {Method} {Path}", spec, request.Method, request.Path.Value);
        }

        await InjectAsync(context, fault);
    }

    private async Task InjectAsync(HttpContext context, SimulatedFault fault)
    {
        var response = context.Response;
        switch (fault.Kind)
        {
            case FaultKind.RateLimit:
                response.Headers["retry-after"] = Math.Ceiling(fault.Delay.TotalSeconds).ToString(CultureInfo.InvariantCulture);
                response.Headers["retry-after-ms"] = ((long)fault.Delay.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
                await ApiErrors.Envelope(StatusCodes.Status429TooManyRequests, "Rate limit reached for requests. Please try again later.", "requests", code: "rate_limit_exceeded").ExecuteAsync(context);
                break;
            case FaultKind.QuotaExceeded:
                await ApiErrors.Envelope(StatusCodes.Status429TooManyRequests, "You exceeded your current quota, please check your plan and billing details.", "insufficient_quota", code: "insufficient_quota").ExecuteAsync(context);
                break;
            case FaultKind.ServerError:
                await ApiErrors.Envelope(StatusCodes.Status500InternalServerError, "The server had an error while processing your request. Sorry about that!", "server_error").ExecuteAsync(context);
                break;
            case FaultKind.BadGatewayHtml:
                await WriteTextAsync(context, StatusCodes.Status502BadGateway, "text/html", BadGatewayPage);
                break;
            case FaultKind.Garbage:
                await WriteTextAsync(context, StatusCodes.Status200OK, "application/json", "<!DOCTYPE html><p>upstream said: {\"id\": \"ftjob-");
                break;
            case FaultKind.Unauthorized:
                await ApiKeyCheck.IncorrectKey("sk-simulated-fault-key").ExecuteAsync(context);
                break;
            case FaultKind.Slow:
                await Task.Delay(fault.Delay, state.Clock, context.RequestAborted);
                await next(context);
                break;
            case FaultKind.LoseResponse:
                await LoseResponseAsync(context);
                break;
            case FaultKind.LandsLate:
                await LandLateAsync(context, fault.Delay);
                break;
        }
    }

    /// <summary>
    /// Holds the request, then does the work whether or not the caller is still there: the body is
    /// read first and the request's abort ignored, as a gateway does that keeps its upstream call.
    /// </summary>
    private async Task LandLateAsync(HttpContext context, TimeSpan delay)
    {
        var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        body.Position = 0;
        context.Request.Body = body;
        context.RequestAborted = CancellationToken.None;
        await Task.Delay(delay, state.Clock);
        // Whoever is still listening gets the answer; a caller that left gets nothing.
        await RunHoldingAnswerAsync(context, async (held, socket) =>
        {
            try
            {
                await held.CopyToAsync(socket);
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or InvalidOperationException)
            {
                context.Abort();
            }
        });
    }

    /// <summary>Does the work, then drops the connection, so the client cannot know it succeeded.</summary>
    private Task LoseResponseAsync(HttpContext context) =>
        RunHoldingAnswerAsync(context, (_, _) =>
        {
            context.Abort();
            return Task.CompletedTask;
        });

    /// <summary>Runs the request with its answer held back, then gives the held answer and the socket's stream to <paramref name="deliver"/>.</summary>
    private async Task RunHoldingAnswerAsync(HttpContext context, Func<MemoryStream, Stream, Task> deliver)
    {
        var socket = context.Response.Body;
        await using var held = new MemoryStream();
        context.Response.Body = held;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = socket;
            held.Position = 0;
            await deliver(held, socket);
        }
    }

    private static async Task WriteTextAsync(HttpContext context, int status, string contentType, string body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        await context.Response.WriteAsync(body, Encoding.UTF8, context.RequestAborted);
    }
}
