using FineTuneWorkflows.Wire;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FineTuneWorkflows.Simulator.Api;

/// <summary>The simulator's own routes, which need no key, and the <c>/v1</c> catch-all, which does like every provider route.</summary>
public static class SimulatorApi
{
    public static IEndpointRouteBuilder MapSimulatorApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/_sim/stats", Stats).AllowAnonymous();
        routes.Map("/v1/{**rest}", UnknownRoute);
        return routes;
    }

    public static JsonHttpResult<SimulatorStats> Stats(SimulatorState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return TypedResults.Json(state.Stats(), SimulatorJson.Default.SimulatorStats);
    }

    public static JsonHttpResult<ErrorEnvelope> UnknownRoute(HttpRequest http)
    {
        ArgumentNullException.ThrowIfNull(http);
        return ApiErrors.Envelope(StatusCodes.Status404NotFound, $"Invalid URL ({http.Method} {http.Path})", ErrorEnvelope.InvalidRequest);
    }
}
