namespace FineTuneWorkflows.Worker;

/// <summary>The worker: <see cref="WorkerProgram"/> reads its settings, connects and runs.</summary>
public sealed class Program
{
    private Program()
    {
    }

    public static Task<int> Main(string[] args) => WorkerProgram.RunAsync(args, Console.Error);
}
