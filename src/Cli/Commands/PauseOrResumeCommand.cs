using FineTuneWorkflows.Cli.Api;
using Spectre.Console;
using Spectre.Console.Cli;

namespace FineTuneWorkflows.Cli.Commands;

/// <summary><c>ftw pause ID</c> and <c>ftw resume ID</c>: the workflow asks the provider, and keeps watching the job either way.</summary>
public abstract class PauseOrResumeCommand(IAnsiConsole console, CliEnvironment environment, HttpClient http, bool resume) : AsyncCommand<JobIdSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, JobIdSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var job = await StarterClient.From(environment, settings.BaseUrl, settings.ApiKey, http).PauseOrResumeAsync(settings.Id, resume, cancellationToken);
        if (settings.Json)
        {
            JsonOutput.Write(console, job);
        }
        else
        {
            JobLines.Write(console, job);
        }

        return ExitCodes.Ok;
    }
}
