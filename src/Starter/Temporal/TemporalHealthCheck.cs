using FineTuneWorkflows.Starter.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Temporalio.Client;

namespace FineTuneWorkflows.Starter.Temporal;

/// <summary>Ready means Temporal answers its health check: without it no job can be started or read.</summary>
public sealed class TemporalHealthCheck(ITemporalClient client, IOptions<StarterOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var healthy = await client.Connection.CheckHealthAsync(options: new RpcOptions { Timeout = options.Value.ReadTimeout, CancellationToken = cancellationToken });
            return healthy ? HealthCheckResult.Healthy("Temporal reachable") : HealthCheckResult.Unhealthy("Temporal reports it is not serving");
        }
        catch (Exception e) when (TemporalAvailability.IsUnavailable(e, client) || e is Temporalio.Exceptions.RpcException or OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("Temporal unavailable", e);
        }
    }
}
