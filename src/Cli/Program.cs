namespace FineTuneWorkflows.Cli;

/// <summary>The command line <c>ftw</c>: <see cref="FtwProgram"/> parses the command and runs it.</summary>
public sealed class Program
{
    private Program()
    {
    }

    public static Task<int> Main(string[] args) => FtwProgram.RunAsync(args);
}
