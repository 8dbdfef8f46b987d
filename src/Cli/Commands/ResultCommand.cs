using System.ComponentModel;
using System.Text.Json;
using FineTuneWorkflows.Cli.Api;
using Spectre.Console;
using Spectre.Console.Cli;

namespace FineTuneWorkflows.Cli.Commands;

/// <summary>
/// <c>ftw result ID</c>: what the workflow made of a succeeded job — model, metrics, where its
/// result files are stored — and with <c>--out DIR</c> that record kept as <c>result.json</c>.
/// </summary>
public sealed class ResultCommand(IAnsiConsole console, CliEnvironment environment, HttpClient http) : AsyncCommand<ResultCommand.Settings>
{
    public sealed class Settings : JobIdSettings
    {
        [CommandOption("-o|--out <DIR>")]
        [Description("A folder to write result.json into (made if missing).")]
        public string? Out { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        using var result = await StarterClient.From(environment, settings.BaseUrl, settings.ApiKey, http).ResultAsync(settings.Id, cancellationToken);
        var root = result.RootElement;
        if (settings.Out is { } folder)
        {
            Directory.CreateDirectory(folder);
            var path = Path.Combine(folder, "result.json");
            await File.WriteAllTextAsync(path, JsonSerializer.Serialize(root, Indented), cancellationToken);
            if (!settings.Json)
            {
                console.MarkupLineInterpolated($"Wrote {path}");
            }
        }

        if (settings.Json)
        {
            JsonOutput.Write(console, root);
            return ExitCodes.Ok;
        }

        console.MarkupLineInterpolated($"{settings.Id}  [bold]{Text(root, "status")}[/]  model {Text(root, "fine_tuned_model")}  trained tokens {Text(root, "trained_tokens")}");
        if (root.TryGetProperty("metrics", out var metrics) && metrics.ValueKind == JsonValueKind.Object)
        {
            console.MarkupLineInterpolated($"Metrics: {string.Join(", ", metrics.EnumerateObject().Select(p => $"{p.Name} {p.Value}"))}");
        }

        if (root.TryGetProperty("artifacts", out var artifacts) && artifacts.ValueKind == JsonValueKind.Array)
        {
            foreach (var artifact in artifacts.EnumerateArray())
            {
                console.MarkupLineInterpolated($"Artifact {Text(artifact, "filename")} ({Text(artifact, "bytes")} bytes, sha256 {Text(artifact, "sha256")}) at {Text(artifact, "location")}");
            }
        }

        return ExitCodes.Ok;
    }

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private static string Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value.ToString() : "-";
}
