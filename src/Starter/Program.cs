using FineTuneWorkflows.Starter.Hosting;

namespace FineTuneWorkflows.Starter;

/// <summary>
/// The starter API. A named class, not top-level statements: the test project also references
/// the simulator, whose top-level <c>Program</c> would make a second global one ambiguous.
/// Partial, so <c>WebApplicationFactory&lt;Program&gt;</c> can name it.
/// </summary>
public sealed partial class Program
{
    private Program()
    {
    }

    public static Task<int> Main(string[] args) => StarterProgram.RunAsync(args, Console.Error);
}
