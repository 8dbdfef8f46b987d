using Temporalio.Activities;
using Temporalio.Api.Common.V1;
using Temporalio.Converters;
using Temporalio.Testing;

namespace FineTuneWorkflows.Tests.Support;

/// <summary>
/// An <see cref="ActivityEnvironment"/> that records heartbeats, with helpers for the attempt
/// number and the heartbeat details a retried attempt would find.
/// </summary>
public sealed class Activity
{
    private readonly List<object?[]> heartbeats = [];

    public Activity(int attempt = 1, object? heartbeatDetails = null)
    {
        var details = heartbeatDetails is null
            ? Array.Empty<Payload>()
            : new[] { DataConverter.Default.PayloadConverter.ToPayload(heartbeatDetails) };
        Environment = new ActivityEnvironment
        {
            Info = ActivityEnvironment.DefaultInfo with { Attempt = attempt, HeartbeatDetails = details },
            Heartbeater = d =>
            {
                lock (heartbeats)
                {
                    heartbeats.Add(d);
                }
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

    public Task<T> RunAsync<T>(Func<Task<T>> activity) => Environment.RunAsync(activity);

    public void Cancel() => Environment.Cancel(ActivityCancelReason.CancelRequested);
}
