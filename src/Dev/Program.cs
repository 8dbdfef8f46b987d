namespace FineTuneWorkflows.Dev;

/// <summary>The one command of the README: the whole system on this machine (<see cref="DevMode"/>).</summary>
public sealed class Program
{
    private Program()
    {
    }

    public static Task<int> Main(string[] args) => DevMode.RunAsync(args, Console.Out, Console.Error);
}
