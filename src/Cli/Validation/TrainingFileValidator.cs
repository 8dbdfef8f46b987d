using System.Text.Json;
using FineTuneWorkflows.Cli.Pricing;

namespace FineTuneWorkflows.Cli.Validation;

/// <summary>Reads a training file once, line by line, and tallies every rule it breaks with the line numbers.</summary>
public static class TrainingFileValidator
{
    public const int DefaultMaxLineBytes = 64 << 20;

    /// <summary>OpenAI refuses a training file with fewer examples.</summary>
    public const int MinExamples = 10;

    /// <summary>Deeper than <see cref="JsonDocument"/>'s default of 64, as tool schemas nest; Python's json reads far deeper.</summary>
    private static readonly JsonDocumentOptions Reading = new() { MaxDepth = 512 };

    public static async Task<ValidationReport> ValidateAsync(
        Stream file, string fileName, string model, ModelTable table, int? epochs, int maxLineBytes = DefaultMaxLineBytes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        var info = table.Find(model) ?? ModelTable.Unknown;
        var tokens = new MessageTokens(info.Encoding);
        var tallies = Rules.All.ToDictionary(r => r, r => new RuleTally(r));
        var stats = new TokenStats();
        long examples = 0;
        long errorLines = 0;
        ExampleFormat? format = null;
        await foreach (var line in JsonlReader.ReadAsync(file, maxLineBytes, cancellationToken))
        {
            if (line.TooLong)
            {
                examples++;
                errorLines++;
                tallies[Rules.LineTooLong].Add(line.Number);
                continue;
            }

            if (line.Bytes.Span.Trim(" \t"u8).IsEmpty)
            {
                tallies[Rules.EmptyLine].Add(line.Number);
                continue;
            }

            examples++;
            var verdict = Check(line.Bytes, tokens, info.MaxTokensPerExample);
            var broken = verdict.Broken.ToHashSet();

            // The file's format is the first well-formed example's: a garbled line decides nothing.
            if (!verdict.HasErrors && verdict.Format is { } seen && (format ??= seen) != seen)
            {
                broken.Add(Rules.MixedFormats);
            }

            foreach (var rule in broken)
            {
                tallies[rule].Add(line.Number);
            }

            if (broken.Any(r => r.Severity == Severity.Error))
            {
                errorLines++;
            }

            if (verdict.Tokens is { } count && !broken.Any(r => r.Severity == Severity.Error))
            {
                stats.Add(count, info.MaxTokensPerExample);
            }
        }

        if (examples < MinExamples)
        {
            // A file-wide rule: no line to name.
            tallies[Rules.TooFewExamples].Add(0);
            errorLines++;
        }

        var estimate = CostEstimate.For(examples, stats.Billed, epochs, info.UsdPerMillionTrainingTokens);
        return new ValidationReport(
            fileName, model, info, table.AsOf, format, examples, stats.Examples, stats, estimate,
            [.. Rules.All.Select(r => tallies[r]).Where(t => t.Count > 0)], errorLines);
    }

    private static ExampleVerdict Check(ReadOnlyMemory<byte> line, MessageTokens tokens, int limit)
    {
        // JSON readers check UTF-8 only in the strings they decode; the provider checks all of it.
        if (!System.Text.Unicode.Utf8.IsValid(line.Span))
        {
            return new ExampleVerdict([Rules.InvalidUtf8], null, null);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line, Reading);
        }
        catch (JsonException)
        {
            return new ExampleVerdict([Rules.InvalidJson], null, null);
        }

        using (document)
        {
            return ExampleCheck.Check(document.RootElement, tokens, limit);
        }
    }
}
