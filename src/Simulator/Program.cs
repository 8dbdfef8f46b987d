using FineTuneWorkflows.Simulator.Hosting;

namespace FineTuneWorkflows.Simulator;

/// <summary>The simulator standalone: <see cref="SimulatorProgram"/> reads its settings and runs.</summary>
public sealed class Program
{
    private Program()
    {
    }

    public static Task<int> Main(string[] args) => SimulatorProgram.RunAsync(args, Console.Error);
}
