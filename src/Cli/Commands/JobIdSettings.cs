using System.ComponentModel;
using Spectre.Console.Cli;

namespace FineTuneWorkflows.Cli.Commands;

/// <summary>A command about one job.</summary>
public class JobIdSettings : StarterSettings
{
    [CommandArgument(0, "<ID>")]
    [Description("The job's id (ftjob-…), as create or list printed it.")]
    public string Id { get; init; } = "";
}
