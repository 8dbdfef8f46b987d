using FineTuneWorkflows.Simulator.Hosting;

namespace FineTuneWorkflows.Simulator;

/// <summary>The simulator standalone: <see cref="SimulatorApp"/> builds it from its settings.</summary>
public sealed class Program
{
    private Program()
    {
    }

    public static async Task<int> Main(string[] args)
    {
        await using var app = SimulatorApp.Build(args);
        await app.RunAsync();
        return 0;
    }
}
