using System.Globalization;
using FineTuneWorkflows.Wire;
using Spectre.Console;

namespace FineTuneWorkflows.Cli.Commands;

/// <summary>How a job reads on a terminal: one line, the same in every command.</summary>
public static class JobLines
{
    public static void Write(IAnsiConsole console, FineTuningJob job)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(job);
        var created = job.CreatedAt is { } at ? Time(at) : "?";
        var model = job.FineTunedModel is { } done ? $" → {done}" : "";
        var error = job.Error?.Message is { } message ? $" ({message})" : "";
        console.MarkupLineInterpolated($"{job.Id}  [bold]{job.Status ?? "unknown"}[/]  {job.Model}{model}  created {created}{error}");
    }

    public static string Time(long unixSeconds) =>
        DateTimeOffset.FromUnixTimeSeconds(unixSeconds).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
