using System.Text.Encodings.Web;
using System.Text.Json;
using Spectre.Console;

namespace FineTuneWorkflows.Cli;

/// <summary>Machine output: indented JSON straight to the console's writer, never wrapped or styled.</summary>
public static class JsonOutput
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static void Write<T>(IAnsiConsole console, T value)
    {
        ArgumentNullException.ThrowIfNull(console);
        var writer = console.Profile.Out.Writer;
        writer.WriteLine(JsonSerializer.Serialize(value, Options));
        writer.Flush();
    }
}
