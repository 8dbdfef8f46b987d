using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace FineTuneWorkflows.Hosting;

/// <summary>The same two health endpoints on every web process, for orchestrators and compose healthchecks.</summary>
public static class HealthDefaults
{
    /// <summary>The tag of a check that must pass before the process takes traffic.</summary>
    public const string ReadyTag = "ready";

    /// <summary>Health checks, to which a process adds its own readiness checks tagged <see cref="ReadyTag"/>.</summary>
    public static IHealthChecksBuilder AddHealthDefaults(this IServiceCollection services) => services.AddHealthChecks();

    /// <summary>
    /// <c>/healthz</c>: the process is up (no check runs, so a dependency's outage cannot get it
    /// restarted); <c>/readyz</c>: every check tagged <see cref="ReadyTag"/> passes. Both open to
    /// anyone, whatever the process's auth.
    /// </summary>
    public static IEndpointRouteBuilder MapHealthDefaults(this IEndpointRouteBuilder routes)
    {
        routes.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        routes.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) }).AllowAnonymous();
        return routes;
    }
}
