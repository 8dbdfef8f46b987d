using FineTuneWorkflows.Cli;
using Spectre.Console.Testing;

namespace FineTuneWorkflows.Tests.Cli;

/// <summary>Runs <c>ftw</c> in process as the shell would, with its own environment and a console that records.</summary>
internal sealed class Ftw(IReadOnlyDictionary<string, string?> environment, HttpClient http)
{
    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static Ftw Against(Uri baseUrl, HttpClient http, string? providerKey = "sk-provider-test") => new(
        new Dictionary<string, string?>
        {
            ["FTW_BASE_URL"] = baseUrl.ToString(),
            ["FTW_API_KEY"] = "sk-any",
            ["OPENAI_BASE_URL"] = baseUrl.ToString(),
            ["OPENAI_API_KEY"] = providerKey,
        },
        http);

    /// <summary>Runs one command; <c>Output</c> is standard output, <c>Error</c> standard error.</summary>
    public async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args) => await RunAsync(Ct, args);

    public async Task<(int Exit, string Output, string Error)> RunAsync(CancellationToken cancellationToken, params string[] args) =>
        await RunAsync(new TestConsole().Width(200), args, cancellationToken);

    /// <summary>As on a terminal: interactive, with ANSI, so <c>watch</c> draws its live view.</summary>
    public async Task<(int Exit, string Output, string Error)> RunOnTerminalAsync(params string[] args) =>
        await RunAsync(new TestConsole().Width(120).Interactive().SupportsAnsi(true).EmitAnsiSequences(), args, Ct);

    private async Task<(int Exit, string Output, string Error)> RunAsync(TestConsole console, string[] args, CancellationToken cancellationToken)
    {
        using var owned = console;
        using var error = new StringWriter();
        var exit = await FtwProgram.RunAsync(args, owned, error, name => environment.GetValueOrDefault(name), http, TimeProvider.System, cancellationToken);
        return (exit, owned.Output, error.ToString());
    }
}
