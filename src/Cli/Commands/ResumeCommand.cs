using Spectre.Console;

namespace FineTuneWorkflows.Cli.Commands;

public sealed class ResumeCommand(IAnsiConsole console, CliEnvironment environment, HttpClient http)
    : PauseOrResumeCommand(console, environment, http, resume: true);
