using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using FineTuneWorkflows.Cli.Api;
using FineTuneWorkflows.Wire;
using Spectre.Console;
using Spectre.Console.Cli;

namespace FineTuneWorkflows.Cli.Commands;

/// <summary>
/// <c>ftw result ID</c>: what the workflow made of a succeeded job — model, metrics, its stored
/// result files and loss-curve pictures — and with <c>--out DIR</c> all of it downloaded there,
/// with the record as <c>result.json</c>. Against a provider's own API (no <c>/result</c> there),
/// the succeeded job and its result files.
/// </summary>
public sealed class ResultCommand(IAnsiConsole console, CliEnvironment environment, HttpClient http) : AsyncCommand<ResultCommand.Settings>
{
    public sealed class Settings : JobIdSettings
    {
        [CommandOption("-o|--out <DIR>")]
        [Description("A folder to download result.json and every artifact into (made if missing).")]
        public string? Out { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var starter = StarterClient.From(environment, settings.BaseUrl, settings.ApiKey, http);
        using var result = await starter.ResultAsync(settings.Id, cancellationToken);
        if (result is null)
        {
            // No /result here: a provider's API (it has the job) or no such job (this read says so).
            return await FromProviderAsync(starter, await starter.RetrieveAsync(settings.Id, cancellationToken), settings, cancellationToken);
        }

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

            foreach (var artifact in Artifacts(root))
            {
                // The name is the starter's; only its last part is used, so no answer can write outside the folder.
                var target = Path.Combine(folder, Path.GetFileName(Text(artifact, "url")));
                var bytes = await starter.DownloadAsync(Text(artifact, "url"), target, cancellationToken);
                if (!settings.Json)
                {
                    console.MarkupLineInterpolated($"Wrote {target} ({bytes:N0} bytes)");
                }
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

        foreach (var artifact in Artifacts(root))
        {
            console.MarkupLineInterpolated($"Artifact {Text(artifact, "filename")} ({Text(artifact, "bytes")} bytes, sha256 {Text(artifact, "sha256")}) at {Text(artifact, "url")}");
        }

        return ExitCodes.Ok;
    }

    /// <summary>
    /// Against a provider itself (OpenAI, or the simulator): the succeeded job as it shows it, and
    /// with <c>--out</c> the job as <c>result.json</c> and each result file, named as the starter
    /// names its copies (<c>{file id}-{filename}</c>). No pictures: the worker draws those.
    /// </summary>
    private async Task<int> FromProviderAsync(StarterClient provider, FineTuningJob job, Settings settings, CancellationToken cancellationToken)
    {
        if (job.Status != JobStatus.Succeeded)
        {
            throw new StarterException(409, $"Job {job.Id} has status {job.Status ?? "unknown"}: its results come once it has succeeded.");
        }

        var files = new List<(string Id, string Name)>();
        foreach (var fileId in job.ResultFiles ?? [])
        {
            var file = await provider.FileAsync(fileId, cancellationToken);
            files.Add((fileId, $"{fileId}-{Path.GetFileName(file.Filename ?? "content")}"));
        }

        if (settings.Out is { } folder)
        {
            Directory.CreateDirectory(folder);
            var path = Path.Combine(folder, "result.json");
            await File.WriteAllTextAsync(path, JsonSerializer.Serialize(job, Indented), cancellationToken);
            Say($"Wrote {path}");
            foreach (var (id, name) in files)
            {
                var target = Path.Combine(folder, name);
                var bytes = await provider.DownloadAsync($"files/{Uri.EscapeDataString(id)}/content", target, cancellationToken);
                Say($"Wrote {target} ({bytes:N0} bytes)");
            }
        }

        if (settings.Json)
        {
            JsonOutput.Write(console, job);
            return ExitCodes.Ok;
        }

        console.MarkupLineInterpolated($"{job.Id}  [bold]{job.Status}[/]  model {job.FineTunedModel ?? "-"}  trained tokens {job.TrainedTokens?.ToString("N0", CultureInfo.InvariantCulture) ?? "-"}");
        foreach (var (id, name) in files)
        {
            console.MarkupLineInterpolated($"Result file {id} ({name})");
        }

        return ExitCodes.Ok;

        void Say(string line)
        {
            if (!settings.Json)
            {
                console.MarkupLineInterpolated($"{line}");
            }
        }
    }

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private static IEnumerable<JsonElement> Artifacts(JsonElement root) =>
        root.TryGetProperty("artifacts", out var artifacts) && artifacts.ValueKind == JsonValueKind.Array
            ? artifacts.EnumerateArray().Where(a => a.TryGetProperty("url", out var url) && url.ValueKind == JsonValueKind.String)
            : [];

    private static string Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value.ToString() : "-";
}
