using System.Reflection;
using FineTuneWorkflows.Activities.Polling;
using Temporalio.Api.Common.V1;
using Temporalio.Api.WorkflowService.V1;
using Temporalio.Client;
using Temporalio.Converters;

namespace FineTuneWorkflows.Starter.Temporal;

/// <summary>
/// Reads the <see cref="LiveProgress"/> a waiting workflow's pending check left on its activity:
/// the details of <c>CheckJob</c>'s last "still the same status" failure, or the second detail
/// of <c>WaitForStatusChange</c>'s heartbeat. Temporal keeps both on the pending activity and
/// shows them in a describe, so a watcher sees the job's newest figures without a query, a
/// history event or a provider call.
/// </summary>
public static class PendingCheck
{
    public const string CheckJob = "CheckJob";
    public const string WaitForStatusChange = "WaitForStatusChange";

    /// <summary>The newest live progress of the described workflow; null when no check has left one (or it does not read as one).</summary>
    public static async Task<LiveProgress?> ReadAsync(WorkflowExecutionDescription description, DataConverter converter)
    {
        ArgumentNullException.ThrowIfNull(description);
        ArgumentNullException.ThrowIfNull(converter);
        if (RawDescription?.GetValue(description) is not DescribeWorkflowExecutionResponse raw)
        {
            return null;
        }

        foreach (var pending in raw.PendingActivities)
        {
            var payload = pending.ActivityType?.Name switch
            {
                CheckJob when pending.LastFailure?.ApplicationFailureInfo is { Type: PollingActivities.StatusUnchanged } info => Single(info.Details),
                WaitForStatusChange when pending.HeartbeatDetails is { Payloads_.Count: 2 } details => details.Payloads_[1],
                _ => null,
            };
            if (payload is not null && await DecodeAsync(payload, converter) is { } live)
            {
                return live;
            }
        }

        return null;
    }

    /// <summary>
    /// The describe answer as the server sent it. The SDK (1.21.1) keeps it internal, and pending
    /// activities are nowhere else (temporalio/sdk-dotnet#246 asks to expose it); the raw gRPC
    /// describe would do, but could not be scripted in tests that have no server. Pinned by the
    /// lock file and held in place by a test: an SDK that renames it fails that test, not a user.
    /// </summary>
    private static readonly PropertyInfo? RawDescription = typeof(WorkflowExecutionDescription).GetProperty(
        "RawDescription", BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic);

    private static Payload? Single(Payloads? details) => details is { Payloads_.Count: 1 } one ? one.Payloads_[0] : null;

    /// <summary>A view only: what does not decode (another worker version's shape) is no progress, never an error.</summary>
    private static async Task<LiveProgress?> DecodeAsync(Payload payload, DataConverter converter)
    {
        try
        {
            return await converter.ToValueAsync<LiveProgress>(payload) is { Status: not null, Steps: not null } live ? live : null;
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException or ArgumentException)
        {
            return null;
        }
    }
}
