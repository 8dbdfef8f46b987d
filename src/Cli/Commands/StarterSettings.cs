using System.ComponentModel;
using Spectre.Console.Cli;

namespace FineTuneWorkflows.Cli.Commands;

/// <summary>Where the starter is and the key it takes: the options of every command that talks to it.</summary>
public class StarterSettings : CommandSettings
{
    [CommandOption("--base-url <URL>")]
    [Description("The starter's API, e.g. http://127.0.0.1:5000/v1 (default: FTW_BASE_URL, else dev mode's address).")]
    public string? BaseUrl { get; init; }

    [CommandOption("--api-key <KEY>")]
    [Description("One of the starter's keys (default: FTW_API_KEY; dev mode needs none).")]
    public string? ApiKey { get; init; }

    [CommandOption("--json")]
    [Description("The answer as JSON, for machines.")]
    public bool Json { get; init; }
}
