namespace FineTuneWorkflows.Simulator.Faults;

/// <summary>
/// The next <see cref="Times"/> requests whose method is <see cref="Method"/> and whose path
/// starts with <see cref="PathPrefix"/> get <see cref="Fault"/> (same grammar as <c>x-sim-fault</c>).
/// </summary>
public sealed class FaultRule
{
    public string Method { get; set; } = "GET";

    public string PathPrefix { get; set; } = "/v1/";

    public string Fault { get; set; } = "500";

    public int Times { get; set; } = 1;
}
