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

    /// <summary>A Unix time as UTC; one no calendar holds (milliseconds sent as seconds, say) as the number it is.</summary>
    public static string Time(long unixSeconds) =>
        unixSeconds is >= 0 and <= 253_402_300_799
            ? DateTimeOffset.FromUnixTimeSeconds(unixSeconds).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture)
            : unixSeconds.ToString(CultureInfo.InvariantCulture);
}
