using System.ComponentModel;
using FineTuneWorkflows.Cli.Api;
using FineTuneWorkflows.Cli.Validation;
using Spectre.Console;
using Spectre.Console.Cli;

namespace FineTuneWorkflows.Cli.Commands;

/// <summary>
/// <c>ftw upload FILE</c>: validates, then uploads to the provider with the user's key. A file
/// with errors is refused unless forced: OpenAI keeps no readable copy of what it was sent.
/// </summary>
public sealed class UploadCommand(IAnsiConsole console, CliEnvironment environment, HttpClient http) : AsyncCommand<UploadCommand.Settings>
{
    public sealed class Settings : ValidateCommand.Settings
    {
        [CommandOption("--provider-url <URL>")]
        [Description("The provider's API (default: OPENAI_BASE_URL, else https://api.openai.com/v1).")]
        public string? ProviderUrl { get; init; }

        [CommandOption("--provider-key <KEY>")]
        [Description("The provider's key (default: OPENAI_API_KEY).")]
        public string? ProviderKey { get; init; }

        [CommandOption("--force")]
        [Description("Upload even when the checks found errors.")]
        public bool Force { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var files = ProviderFiles.From(environment, settings.ProviderUrl, settings.ProviderKey, http);
        var report = await ValidateCommand.ValidateAsync(settings, cancellationToken);
        if (!settings.Json)
        {
            ValidateCommand.Render(console, report);
        }

        if (report.HasErrors && !settings.Force)
        {
            if (settings.Json)
            {
                // What a machine needs to see why: the report itself.
                JsonOutput.Write(console, ValidationReportJson.From(report));
            }
            else
            {
                console.MarkupLine("[red]Not uploaded: fix the errors above, or pass --force.[/]");
            }

            return ExitCodes.Refused;
        }

        var uploaded = await files.UploadAsync(settings.File, cancellationToken);
        if (settings.Json)
        {
            JsonOutput.Write(console, uploaded);
        }
        else
        {
            console.MarkupLineInterpolated($"Uploaded: [bold]{uploaded.Id}[/] ({uploaded.Bytes:N0} bytes). Next: ftw create --model {settings.Model} --training-file {uploaded.Id}");
        }

        return ExitCodes.Ok;
    }
}
