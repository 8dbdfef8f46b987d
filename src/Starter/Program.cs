using FineTuneWorkflows.Starter.Hosting;

namespace FineTuneWorkflows.Starter;

/// <summary>The starter API: <see cref="StarterProgram"/> reads its settings and listens. A class, so <c>WebApplicationFactory&lt;Program&gt;</c> can name it.</summary>
public sealed class Program
{
    private Program()
    {
    }

    public static Task<int> Main(string[] args) => StarterProgram.RunAsync(args, Console.Error);
}
