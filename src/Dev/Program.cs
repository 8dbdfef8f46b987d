namespace FineTuneWorkflows.Dev;

/// <summary>The one command of the README: the whole system on this machine.</summary>
public static class Program
{
    public static Task<int> Main(string[] args) => DevMode.RunAsync(args, Console.Out, Console.Error);
}
