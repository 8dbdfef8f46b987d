using System.ComponentModel;
using FineTuneWorkflows.Cli.Api;
using Spectre.Console;
using Spectre.Console.Cli;

namespace FineTuneWorkflows.Cli.Commands;

/// <summary><c>ftw list</c>: the newest fine-tunes, one line each.</summary>
public sealed class ListCommand(IAnsiConsole console, CliEnvironment environment, HttpClient http) : AsyncCommand<ListCommand.Settings>
{
    public sealed class Settings : StarterSettings
    {
        [CommandOption("-n|--limit <N>")]
        [DefaultValue(20)]
        public int Limit { get; init; } = 20;

        [CommandOption("--after <ID>")]
        [Description("Start after this job (the last one a previous page showed).")]
        public string? After { get; init; }

        public override ValidationResult Validate() =>
            Limit is < 1 or > 100 ? ValidationResult.Error("--limit must be from 1 to 100") : ValidationResult.Success();
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var page = await StarterClient.From(environment, settings.BaseUrl, settings.ApiKey, http).ListAsync(settings.Limit, settings.After, cancellationToken);
        if (settings.Json)
        {
            JsonOutput.Write(console, page);
            return ExitCodes.Ok;
        }

        foreach (var job in page.Data)
        {
            JobLines.Write(console, job);
        }

        if (page.Data.Count == 0)
        {
            console.MarkupLine("No fine-tunes.");
        }
        else if (page.HasMore)
        {
            console.MarkupLineInterpolated($"More: ftw list --after {page.Data[^1].Id}");
        }

        return ExitCodes.Ok;
    }
}
