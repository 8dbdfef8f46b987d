using System.Text.Json.Serialization;

namespace FineTuneWorkflows.Cli.Validation;

/// <summary><c>ftw validate --json</c>: the report in snake_case, every figure a plain number.</summary>
public sealed record ValidationReportJson(
    [property: JsonPropertyName("file")] string File,
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("encoding")] string Encoding,
    [property: JsonPropertyName("format")] string? Format,
    [property: JsonPropertyName("examples")] long Examples,
    [property: JsonPropertyName("ok")] bool Ok,
    [property: JsonPropertyName("errors")] IReadOnlyList<ValidationReportJson.Finding> Errors,
    [property: JsonPropertyName("warnings")] IReadOnlyList<ValidationReportJson.Finding> Warnings,
    [property: JsonPropertyName("tokens")] ValidationReportJson.TokenFigures Tokens,
    [property: JsonPropertyName("estimate")] ValidationReportJson.Estimate Cost)
{
    public sealed record Finding(
        [property: JsonPropertyName("code")] string Code,
        [property: JsonPropertyName("lines")] long Lines,
        [property: JsonPropertyName("first_lines")] IReadOnlyList<long> FirstLines,
        [property: JsonPropertyName("description")] string Description);

    public sealed record TokenFigures(
        [property: JsonPropertyName("counted_examples")] long CountedExamples,
        [property: JsonPropertyName("total")] long Total,
        [property: JsonPropertyName("min")] int Min,
        [property: JsonPropertyName("max")] int Max,
        [property: JsonPropertyName("mean")] double Mean,
        [property: JsonPropertyName("max_per_example")] int MaxPerExample);

    public sealed record Estimate(
        [property: JsonPropertyName("epochs")] int Epochs,
        [property: JsonPropertyName("epochs_are_default")] bool EpochsAreDefault,
        [property: JsonPropertyName("billed_tokens_per_epoch")] long BilledTokensPerEpoch,
        [property: JsonPropertyName("billed_tokens")] long BilledTokens,
        [property: JsonPropertyName("usd_per_million_training_tokens")] decimal? UsdPerMillion,
        [property: JsonPropertyName("usd")] decimal? Usd,
        [property: JsonPropertyName("prices_as_of")] string PricesAsOf);

    public static ValidationReportJson From(ValidationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        Finding[] Of(Severity severity) =>
            [.. report.Findings.Where(f => f.Rule.Severity == severity).Select(f => new Finding(f.Rule.Code, f.Count, f.FirstLines, f.Rule.Description))];
        var t = report.Tokens;
        var e = report.Estimate;
        return new ValidationReportJson(
            report.File, report.Model, report.ModelInfo.Encoding, report.Format?.ToString().ToLowerInvariant(), report.Examples, !report.HasErrors,
            Of(Severity.Error), Of(Severity.Warning),
            new TokenFigures(t.Examples, t.Total, t.Min, t.Max, Math.Round(t.Mean, 1), report.ModelInfo.MaxTokensPerExample),
            new Estimate(e.Epochs, e.EpochsAreDefault, e.BilledTokensPerEpoch, e.BilledTokens, report.ModelInfo.UsdPerMillionTrainingTokens,
                e.Usd is { } usd ? Math.Round(usd, 4) : null, report.PricesAsOf));
    }
}
