using Temporalio.Activities;
using Temporalio.Api.Common.V1;
using Temporalio.Converters;
using Temporalio.Testing;

namespace FineTuneWorkflows.Tests.Support;

/// <summary>
/// One activity attempt: an <see cref="ActivityEnvironment"/> that records heartbeats, with helpers for the attempt
/// number, the heartbeat details a retried attempt would find and the heartbeat timeout.
/// </summary>
public sealed class ActivityAttempt
{
    private readonly List<object?[]> heartbeats = [];

    /// <param name="onHeartbeat">Runs inside each heartbeat, after it is recorded: a test can stall the attempt there.</param>
    /// <param name="logs">Receives what the activity logs; none kept when null.</param>
    public ActivityAttempt(int attempt = 1, object? heartbeatDetails = null, TimeSpan? heartbeatTimeout = null, Action<object?>? onHeartbeat = null, CapturingLoggerFactory? logs = null)
    {
        var details = heartbeatDetails is null
            ? Array.Empty<Payload>()
            : new[] { DataConverter.Default.PayloadConverter.ToPayload(heartbeatDetails) };
        Environment = new ActivityEnvironment
        {
            Info = ActivityEnvironment.DefaultInfo with { Attempt = attempt, HeartbeatDetails = details, HeartbeatTimeout = heartbeatTimeout },
            Logger = logs ?? (Microsoft.Extensions.Logging.ILogger)Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance,
            Heartbeater = d =>
            {
                lock (heartbeats)
                {
                    heartbeats.Add(d);
                }

                onHeartbeat?.Invoke(d.Length > 0 ? d[0] : null);
            },
        };
    }

    public ActivityEnvironment Environment { get; }

    public IReadOnlyList<object?[]> Heartbeats
    {
        get
        {
            lock (heartbeats)
            {
                return [.. heartbeats];
            }
        }
    }

    /// <summary>The details of the last heartbeat, as the next attempt would find them.</summary>
    public object? LastDetails => Heartbeats.Count > 0 ? Heartbeats[^1][0] : null;

    public Task<T> RunAsync<T>(Func<Task<T>> activity) => Environment.RunAsync(activity);

    public void Cancel() => Environment.Cancel(ActivityCancelReason.CancelRequested);
}
