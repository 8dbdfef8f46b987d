using System.Diagnostics;
using Temporalio.Api.Common.V1;
using Temporalio.Converters;

namespace FineTuneWorkflows.Workflows.Telemetry;

/// <summary>
/// Carries a W3C trace context (traceparent, tracestate) in a Temporal header, so one trace runs
/// from the starter's request through the workflow to each activity, across processes.
/// </summary>
public static class TraceHeaders
{
    public const string Key = "_ftw-trace";

    public static Dictionary<string, Payload> With(IDictionary<string, Payload>? headers, ActivityContext context)
    {
        var result = headers is null ? [] : new Dictionary<string, Payload>(headers);
        if (context == default)
        {
            return result;
        }

        var carrier = new Dictionary<string, string>
        {
            ["traceparent"] = $"00-{context.TraceId}-{context.SpanId}-{(int)context.TraceFlags:x2}",
        };
        if (!string.IsNullOrEmpty(context.TraceState))
        {
            carrier["tracestate"] = context.TraceState;
        }

        result[Key] = DataConverter.Default.PayloadConverter.ToPayload(carrier);
        return result;
    }

    public static ActivityContext Read(IReadOnlyDictionary<string, Payload>? headers)
    {
        if (headers is null || !headers.TryGetValue(Key, out var payload))
        {
            return default;
        }

        var carrier = (Dictionary<string, string>?)DataConverter.Default.PayloadConverter.ToValue(payload, typeof(Dictionary<string, string>));
        return carrier is not null
            && carrier.TryGetValue("traceparent", out var parent)
            && ActivityContext.TryParse(parent, carrier.GetValueOrDefault("tracestate"), isRemote: true, out var context)
                ? context
                : default;
    }
}
