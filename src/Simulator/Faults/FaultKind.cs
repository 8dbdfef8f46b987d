namespace FineTuneWorkflows.Simulator.Faults;

public enum FaultKind
{
    RateLimit,
    QuotaExceeded,
    ServerError,
    BadGatewayHtml,
    Garbage,
    Slow,
    LoseResponse,
    Unauthorized,

    /// <summary>Held like <see cref="Slow"/>, but the work is done even when the caller has given up (as a gateway that keeps its upstream request).</summary>
    LandsLate,
}
