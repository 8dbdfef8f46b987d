using System.ComponentModel;
using System.Globalization;
using FineTuneWorkflows.Cli.Pricing;
using FineTuneWorkflows.Cli.Validation;
using Spectre.Console;
using Spectre.Console.Cli;

namespace FineTuneWorkflows.Cli.Commands;

/// <summary><c>ftw validate FILE</c>: the recipe's checks with line numbers, token counts and the training bill, before any upload.</summary>
public sealed class ValidateCommand(IAnsiConsole console) : AsyncCommand<ValidateCommand.Settings>
{
    public class Settings : CommandSettings
    {
        [CommandArgument(0, "<FILE>")]
        [Description("The training file, JSONL: one example per line.")]
        public string File { get; init; } = "";

        [CommandOption("-m|--model <MODEL>")]
        [Description("The base model: it picks the tokenizer, the per-example limit and the price.")]
        [DefaultValue(FtwDefaults.Model)]
        public string Model { get; init; } = FtwDefaults.Model;

        [CommandOption("--epochs <N>")]
        [Description("Epochs to price; by default, the provider's default for this many examples.")]
        public int? Epochs { get; init; }

        [CommandOption("--prices <FILE>")]
        [Description("A model table to use instead of the shipped one (same JSON shape).")]
        public string? Prices { get; init; }

        [CommandOption("--max-line-mb <MB>")]
        [Description("Longest line read; longer ones are reported, not loaded.")]
        [DefaultValue(64)]
        public int MaxLineMegabytes { get; init; } = 64;

        [CommandOption("--json")]
        [Description("The report as JSON, for machines.")]
        public bool Json { get; init; }

        public override ValidationResult Validate() =>
            Epochs is < 1 or > 50 ? ValidationResult.Error("--epochs must be from 1 to 50")
            : MaxLineMegabytes is < 1 or > 1024 ? ValidationResult.Error("--max-line-mb must be from 1 to 1024")
            : ValidationResult.Success();
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var report = await ValidateAsync(settings, cancellationToken);
        if (settings.Json)
        {
            JsonOutput.Write(console, ValidationReportJson.From(report));
        }
        else
        {
            Render(console, report);
        }

        return report.HasErrors ? ExitCodes.Refused : ExitCodes.Ok;
    }

    /// <summary>Runs the checks as the command line asks; also the first step of <c>ftw upload</c>.</summary>
    public static async Task<ValidationReport> ValidateAsync(Settings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (Directory.Exists(settings.File))
        {
            throw new InvalidDataException($"{settings.File} is a folder; give the training file (JSONL) itself");
        }

        var table = settings.Prices is { } prices ? ModelTable.Load(prices) : ModelTable.Shipped();
        await using var file = new FileStream(settings.File, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan | FileOptions.Asynchronous);
        return await TrainingFileValidator.ValidateAsync(
            file, settings.File, settings.Model, table, settings.Epochs, settings.MaxLineMegabytes << 20, cancellationToken);
    }

    public static void Render(IAnsiConsole console, ValidationReport report)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(report);
        var format = report.Format?.ToString().ToLowerInvariant() ?? "unknown";
        console.MarkupLineInterpolated($"[bold]{report.File}[/]: {report.Examples:N0} examples ({format}), model {report.Model} ({report.ModelInfo.Encoding})");
        if (report.Findings.Count == 0)
        {
            console.MarkupLine("[green]No errors, no warnings.[/]");
        }
        else
        {
            var table = new Table().AddColumns("", "check", "lines", "first lines", "what it means");
            foreach (var finding in report.Findings)
            {
                var mark = finding.Rule.Severity == Severity.Error ? "[red]error[/]" : "[yellow]warning[/]";
                table.AddRow(
                    new Markup(mark), new Text(finding.Rule.Code), new Text(finding.Count.ToString("N0", CultureInfo.InvariantCulture)),
                    new Text(string.Join(", ", finding.FirstLines) + (finding.Count > finding.FirstLines.Count ? ", …" : "")), new Text(finding.Rule.Description));
            }

            console.Write(table);
        }

        var tokens = report.Tokens;
        if (tokens.Examples > 0)
        {
            console.MarkupLineInterpolated(
                $"Tokens in {tokens.Examples:N0} examples without errors: {tokens.Total:N0} (min {tokens.Min:N0}, mean {tokens.Mean:N0}, max {tokens.Max:N0}; limit {report.ModelInfo.MaxTokensPerExample:N0} per example)");
        }

        var estimate = report.Estimate;
        var epochs = (estimate.Epochs == 1 ? "1 epoch" : $"{estimate.Epochs} epochs") + (estimate.EpochsAreDefault ? $" (the default for {report.Examples:N0} examples)" : "");
        var price = estimate.Usd is { } usd
            ? $"≈ ${usd.ToString(usd < 1 ? "0.0000" : "N2", CultureInfo.InvariantCulture)} at ${report.ModelInfo.UsdPerMillionTrainingTokens?.ToString("0.00", CultureInfo.InvariantCulture)} per million (prices as of {report.PricesAsOf})"
            : $"no price known for {report.Model} (pass --prices)";
        console.MarkupLineInterpolated($"Billed: {estimate.BilledTokensPerEpoch:N0} tokens × {epochs} = {estimate.BilledTokens:N0} training tokens, {price}");
        console.MarkupLine(report.HasErrors
            ? $"[red]{report.ErrorLines:N0} line(s) with errors: the provider would refuse this file or train on something else.[/]"
            : "[green]Ready to upload.[/]");
    }
}
