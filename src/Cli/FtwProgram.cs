using FineTuneWorkflows.Cli.Api;
using FineTuneWorkflows.Cli.Commands;
using Spectre.Console;
using Spectre.Console.Cli;

namespace FineTuneWorkflows.Cli;

/// <summary>The <c>ftw</c> command line: its commands, and one line for anything that stops one.</summary>
public static class FtwProgram
{
    public static async Task<int> RunAsync(string[] args)
    {
        // No client-wide timeout: an upload of a large file takes as long as it takes; each API call has its own (StarterClient).
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        using var interrupted = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            // The first Ctrl-C stops the command (watch says the job goes on); a second one ends the process.
            e.Cancel = !interrupted.IsCancellationRequested;
            interrupted.Cancel();
        };
        var console = AnsiConsole.Console;
        if (Console.IsOutputRedirected)
        {
            // Into a file or a pipe: lines as long as they are, not wrapped at 80 columns.
            console.Profile.Width = 1000;
        }

        return await RunAsync(args, console, Console.Error, Environment.GetEnvironmentVariable, http, TimeProvider.System, interrupted.Token);
    }

    /// <param name="error">Where the one line that says why a command stopped goes: standard error, so that --json output stays clean.</param>
    /// <param name="variable">Reads an environment variable: tests pass their own instead of changing the process's.</param>
    public static Task<int> RunAsync(
        string[] args, IAnsiConsole console, TextWriter error, Func<string, string?> variable, HttpClient http, TimeProvider clock, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(error);
        var app = new CommandApp();
        app.Configure(config =>
        {
            config.SetApplicationName("ftw");
            // An option spelled wrong is an error, not silently ignored: a create would otherwise start a job without it.
            config.UseStrictParsing();
            config.ConfigureConsole(console);
            config.Settings.Registrar.RegisterInstance(console);
            config.Settings.Registrar.RegisterInstance(new CliEnvironment(variable));
            config.SetExceptionHandler((e, _) =>
            {
                error.WriteLine($"ftw: {OneLine(e)}");
                if (variable("FTW_DEBUG") is "1")
                {
                    error.WriteLine(e);
                }

                error.Flush();
                // The server said no to a request as sent (4xx): the answer is no. Anything else: could not ask.
                return e is StarterException { Status: >= 400 and < 500 } ? ExitCodes.Refused : ExitCodes.Trouble;
            });
            config.Settings.Registrar.RegisterInstance(http);
            config.Settings.Registrar.RegisterInstance(clock);
            config.CancellationExitCode(ExitCodes.Interrupted);
            config.AddCommand<ValidateCommand>("validate")
                .WithDescription("Check a training file before upload: the recipe's rules by line, tokens, and the training bill.")
                .WithExample("validate", "train.jsonl", "--model", "gpt-4o-mini-2024-07-18");
            config.AddCommand<UploadCommand>("upload")
                .WithDescription("Validate, then upload the file to the provider (purpose fine-tune) with your provider key; prints the file id.");
            config.AddCommand<CreateCommand>("create")
                .WithDescription("Start a fine-tune through the starter, from flags or --body FILE; under an idempotency key it prints.")
                .WithExample("create", "--model", "gpt-4o-mini-2024-07-18", "--training-file", "file-abc123", "--epochs", "3");
            config.AddCommand<ListCommand>("list").WithDescription("The newest fine-tunes.");
            config.AddCommand<WatchCommand>("watch")
                .WithDescription("Follow a job until it ends: statuses with durations, ETA, step and loss curve. Ctrl-C stops watching, not the job.");
            config.AddCommand<CancelCommand>("cancel").WithDescription("Cancel a fine-tune.");
            config.AddCommand<PauseCommand>("pause").WithDescription("Pause a running fine-tune (never through a Portkey gateway, which would cancel it).");
            config.AddCommand<ResumeCommand>("resume").WithDescription("Resume a paused fine-tune.");
            config.AddCommand<ResultCommand>("result").WithDescription("What a succeeded fine-tune produced: model, metrics, stored result files.");
        });
        return app.RunAsync(args, cancellationToken);
    }

    /// <summary>What went wrong, in one line, without a stack trace (FTW_DEBUG=1 adds it).</summary>
    private static string OneLine(Exception e) => e switch
    {
        FileNotFoundException notFound => $"no such file: {notFound.FileName}",
        HttpRequestException http => $"could not reach the server: {http.Message}",
        System.Text.Json.JsonException json => $"not the JSON expected: {json.Message}",
        CommandParseException or CommandRuntimeException or DirectoryNotFoundException or UnauthorizedAccessException or InvalidDataException
            or StarterException or IOException => e.Message,
        _ => $"{e.GetType().Name}: {e.Message}",
    };
}
