using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace FineTuneWorkflows.Simulator.Faults;

/// <summary>A parsed <c>x-sim-fault</c> value (or planned fault); see <see cref="Grammar"/>.</summary>
/// <param name="Kind">What goes wrong.</param>
/// <param name="Delay">For 429 the wait announced in retry-after; for slow the delay before answering.</param>
public sealed record SimulatedFault(FaultKind Kind, TimeSpan Delay)
{
    public const string Grammar = "429[;retry-after=SECONDS] | 429-quota | 500 | 502-html | garbage | slow=MS | late=MS | lose-response | 401";

    public static bool TryParse(string? text, [NotNullWhen(true)] out SimulatedFault? fault)
    {
        fault = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var parts = text.Trim().ToLowerInvariant().Split(';', StringSplitOptions.TrimEntries);
        fault = parts[0] switch
        {
            "429" when RetryAfter(parts[1..]) is { } wait => new(FaultKind.RateLimit, wait),
            "429-quota" when parts.Length == 1 => new(FaultKind.QuotaExceeded, TimeSpan.Zero),
            "500" when parts.Length == 1 => new(FaultKind.ServerError, TimeSpan.Zero),
            "502-html" when parts.Length == 1 => new(FaultKind.BadGatewayHtml, TimeSpan.Zero),
            "garbage" when parts.Length == 1 => new(FaultKind.Garbage, TimeSpan.Zero),
            "lose-response" when parts.Length == 1 => new(FaultKind.LoseResponse, TimeSpan.Zero),
            "401" when parts.Length == 1 => new(FaultKind.Unauthorized, TimeSpan.Zero),
            var slow when parts.Length == 1 && slow.StartsWith("slow=", StringComparison.Ordinal)
                && int.TryParse(slow["slow=".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var ms) =>
                new(FaultKind.Slow, TimeSpan.FromMilliseconds(ms)),
            var late when parts.Length == 1 && late.StartsWith("late=", StringComparison.Ordinal)
                && int.TryParse(late["late=".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var lateMs) =>
                new(FaultKind.LandsLate, TimeSpan.FromMilliseconds(lateMs)),
            _ => null,
        };
        return fault is not null;
    }

    private static TimeSpan? RetryAfter(string[] parameters)
    {
        if (parameters.Length == 0)
        {
            return TimeSpan.FromSeconds(1);
        }

        return parameters is [var p] && p.StartsWith("retry-after=", StringComparison.Ordinal)
            && double.TryParse(p["retry-after=".Length..], NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
            && seconds >= 0
                ? TimeSpan.FromSeconds(seconds)
                : null;
    }
}
