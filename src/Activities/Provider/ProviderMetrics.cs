using System.Diagnostics.Metrics;

namespace FineTuneWorkflows.Activities.Provider;

/// <summary>What the provider costs us: calls by outcome, and how often it throttled.</summary>
public static class ProviderMetrics
{
    public const string MeterName = "FineTuneWorkflows.Provider";

    private static readonly Meter Meter = new(MeterName);

    public static readonly Counter<long> Calls = Meter.CreateCounter<long>("ftw.provider.calls", "{call}", "Provider API calls, by method and status code (or 'error' when no answer came)");

    public static readonly Counter<long> Throttles = Meter.CreateCounter<long>("ftw.provider.throttles", "{call}", "Provider answers of 429");

    public static void Record(HttpMethod method, int? statusCode)
    {
        ArgumentNullException.ThrowIfNull(method);
        Calls.Add(1, new KeyValuePair<string, object?>("http.request.method", method.Method), new KeyValuePair<string, object?>("http.response.status_code", statusCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "error"));
        if (statusCode == 429)
        {
            Throttles.Add(1);
        }
    }
}
