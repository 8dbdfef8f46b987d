using FineTuneWorkflows.Cli.Api;
using Spectre.Console;
using Spectre.Console.Cli;

namespace FineTuneWorkflows.Cli.Commands;

/// <summary><c>ftw cancel ID</c>: asks for the job to stop; the workflow sees the cancel through at the provider.</summary>
public sealed class CancelCommand(IAnsiConsole console, CliEnvironment environment, HttpClient http) : AsyncCommand<JobIdSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, JobIdSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var job = await StarterClient.From(environment, settings.BaseUrl, settings.ApiKey, http).CancelAsync(settings.Id, cancellationToken);
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
