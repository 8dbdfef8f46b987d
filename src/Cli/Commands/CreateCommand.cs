using System.ComponentModel;
using System.Globalization;
using System.Text.Json.Nodes;
using FineTuneWorkflows.Cli.Api;
using Spectre.Console;
using Spectre.Console.Cli;

namespace FineTuneWorkflows.Cli.Commands;

/// <summary>
/// <c>ftw create</c>: a fine-tune from flags that mirror the create body, or from <c>--body</c>
/// as given. Always under an idempotency key, printed first, so running it again after a
/// timeout finds the same job at the starter instead of paying for a second.
/// </summary>
public sealed class CreateCommand(IAnsiConsole console, CliEnvironment environment, HttpClient http) : AsyncCommand<CreateCommand.Settings>
{
    public sealed class Settings : StarterSettings
    {
        [CommandOption("--body <FILE>")]
        [Description("The create body as JSON (any method: supervised, dpo, reinforcement). Flags given too are set on top of it.")]
        public string? Body { get; init; }

        [CommandOption("-m|--model <MODEL>")]
        public string? Model { get; init; }

        [CommandOption("-t|--training-file <FILE_ID>")]
        public string? TrainingFile { get; init; }

        [CommandOption("--validation-file <FILE_ID>")]
        public string? ValidationFile { get; init; }

        [CommandOption("--suffix <SUFFIX>")]
        public string? Suffix { get; init; }

        [CommandOption("--seed <SEED>")]
        public long? Seed { get; init; }

        [CommandOption("--method <TYPE>")]
        [Description("supervised, dpo or reinforcement (reinforcement needs its grader: use --body).")]
        public string? Method { get; init; }

        [CommandOption("--epochs <N|auto>")]
        public string? Epochs { get; init; }

        [CommandOption("--batch-size <N|auto>")]
        public string? BatchSize { get; init; }

        [CommandOption("--learning-rate-multiplier <X|auto>")]
        public string? LearningRateMultiplier { get; init; }

        [CommandOption("--beta <X|auto>")]
        [Description("DPO only.")]
        public string? Beta { get; init; }

        [CommandOption("--metadata <KEY=VALUE>")]
        public string[] Metadata { get; init; } = [];

        [CommandOption("--idempotency-key <KEY>")]
        [Description("Reuse the key an earlier, unanswered create printed: the starter answers with that job.")]
        public string? IdempotencyKey { get; init; }

        public override ValidationResult Validate() =>
            Method is not (null or "supervised" or "dpo" or "reinforcement") ? ValidationResult.Error("--method must be supervised, dpo or reinforcement")
            : Metadata.FirstOrDefault(m => m.IndexOf('=', StringComparison.Ordinal) < 1) is { } bad ? ValidationResult.Error($"--metadata '{bad}' is not KEY=VALUE")
            : Body is null && (Model is null || TrainingFile is null) ? ValidationResult.Error("give --model and --training-file, or --body FILE")
            : ValidationResult.Success();
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var body = BodyOf(settings);
        var key = settings.IdempotencyKey ?? $"ftw-{Guid.NewGuid():N}";
        var starter = StarterClient.From(environment, settings.BaseUrl, settings.ApiKey, http);
        if (!settings.Json)
        {
            console.MarkupLineInterpolated($"Idempotency key {key}: if this command is cut short, run it again with --idempotency-key {key}.");
        }

        var job = await starter.CreateAsync(body, key, TimeSpan.FromSeconds(1), cancellationToken);
        if (settings.Json)
        {
            JsonOutput.Write(console, job);
        }
        else
        {
            JobLines.Write(console, job);
            console.MarkupLineInterpolated($"Next: ftw watch {job.Id}");
        }

        return ExitCodes.Ok;
    }

    /// <summary>The body to send: the file as given, with each flag set on top.</summary>
    public static JsonObject BodyOf(Settings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var body = settings.Body is { } path ? ReadBody(path) : [];
        Set(body, "model", settings.Model);
        Set(body, "training_file", settings.TrainingFile);
        Set(body, "validation_file", settings.ValidationFile);
        Set(body, "suffix", settings.Suffix);
        if (settings.Seed is { } seed)
        {
            body["seed"] = seed;
        }

        var hyperparameters = new JsonObject();
        SetNumberOrAuto(hyperparameters, "n_epochs", settings.Epochs);
        SetNumberOrAuto(hyperparameters, "batch_size", settings.BatchSize);
        SetNumberOrAuto(hyperparameters, "learning_rate_multiplier", settings.LearningRateMultiplier);
        SetNumberOrAuto(hyperparameters, "beta", settings.Beta);
        if (settings.Method is not null || hyperparameters.Count > 0)
        {
            // The method form: the top-level hyperparameters are deprecated.
            var given = body["method"];
            if (given is not (null or JsonObject) || (given?["type"] is { } named && named.GetValueKind() != System.Text.Json.JsonValueKind.String))
            {
                throw new InvalidDataException("the body's \"method\" must be an object whose \"type\" is a string, for --method and hyperparameter flags to be set on it");
            }

            var type = settings.Method ?? (body["method"]?["type"]?.GetValue<string>()) ?? "supervised";
            var method = body["method"] as JsonObject ?? [];
            method["type"] = type;
            var settingsOfType = method[type] as JsonObject ?? [];
            if (hyperparameters.Count > 0)
            {
                var merged = settingsOfType["hyperparameters"] as JsonObject ?? [];
                foreach (var (name, value) in hyperparameters.ToList())
                {
                    hyperparameters.Remove(name);
                    merged[name] = value;
                }

                settingsOfType["hyperparameters"] = merged;
            }

            method[type] = settingsOfType;
            body["method"] = method;
        }

        if (settings.Metadata.Length > 0)
        {
            var metadata = body["metadata"] as JsonObject ?? [];
            foreach (var pair in settings.Metadata)
            {
                var at = pair.IndexOf('=', StringComparison.Ordinal);
                metadata[pair[..at]] = pair[(at + 1)..];
            }

            body["metadata"] = metadata;
        }

        return body;
    }

    private static JsonObject ReadBody(string path)
    {
        try
        {
            return JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw new InvalidDataException($"{path}: the body must be a JSON object");
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new InvalidDataException($"{path} is not JSON: {e.Message}", e);
        }
    }

    private static void Set(JsonObject body, string name, string? value)
    {
        if (value is not null)
        {
            body[name] = value;
        }
    }

    private static void SetNumberOrAuto(JsonObject target, string name, string? value)
    {
        if (value is null)
        {
            return;
        }

        target[name] = value == "auto" ? "auto"
            : long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var whole) ? whole
            : double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number) ? number
            : throw new InvalidDataException($"{name}: '{value}' is neither a number nor auto");
    }
}
