using FineTuneWorkflows.Hosting;

namespace FineTuneWorkflows.Simulator.Hosting;

/// <summary>The simulator process: settings, host, listen; a reason not to start is one line and exit code 2, as for the worker and the starter.</summary>
public static class SimulatorProgram
{
    public static Task<int> RunAsync(string[] args, TextWriter error, CancellationToken cancellationToken = default) =>
        WebProgram.RunAsync("FineTuneWorkflows.Simulator", () => StartupFailure.Read(() => SimulatorApp.Build(args)), ReasonNotToStart, error, cancellationToken);

    // A value the binder cannot read names the key; an address Kestrel cannot listen on names the address.
    private static string? ReasonNotToStart(Exception e) => StartupFailure.Reason(e) ?? (e as IOException)?.Message;
}
