namespace FineTuneWorkflows.Simulator.Hosting;

/// <summary>The simulator process: settings, host, listen; a reason not to start is one line and exit code 2, as for the worker and the starter.</summary>
public static class SimulatorProgram
{
    public const int ConfigurationError = 2;

    public static async Task<int> RunAsync(string[] args, TextWriter error, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(error);
        WebApplication? app = null;
        var started = false;
        try
        {
            app = SimulatorApp.Build(args);
            await app.StartAsync(cancellationToken);
            started = true;
            await app.WaitForShutdownAsync(cancellationToken);
            return 0;
        }
        // A value the binder cannot read names the key; an address Kestrel cannot listen on names the address.
        catch (Exception e) when (!started && e is InvalidOperationException or IOException)
        {
            var reason = e is InvalidOperationException ? $"configuration: {e.Message}" : e.Message;
            await error.WriteLineAsync($"FineTuneWorkflows.Simulator: {reason.ReplaceLineEndings(" ")}");
            return ConfigurationError;
        }
        finally
        {
            if (app is not null)
            {
                await app.DisposeAsync();
            }
        }
    }
}
