namespace FineTuneWorkflows.Simulator.Api;

/// <summary>Counts every request before anything can refuse it, so tests see retries too.</summary>
public sealed class CallCounting(RequestDelegate next, SimulatorState state)
{
    public Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        state.CountCall(context.Request.Path.Value ?? string.Empty);
        return next(context);
    }
}
