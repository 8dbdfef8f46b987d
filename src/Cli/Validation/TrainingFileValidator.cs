using System.Text.Json;
using FineTuneWorkflows.Cli.Pricing;

namespace FineTuneWorkflows.Cli.Validation;

/// <summary>Reads a training file once, line by line, and tallies every rule it breaks with the line numbers.</summary>
public static class TrainingFileValidator
{
    public const int DefaultMaxLineBytes = 64 << 20;

    public static async Task<ValidationReport> ValidateAsync(
        Stream file, string fileName, string model, ModelTable table, int? epochs, int maxLineBytes = DefaultMaxLineBytes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        var info = table.Find(model) ?? ModelTable.Unknown;
        var tokens = new MessageTokens(info.Encoding);
        var tallies = Rules.All.ToDictionary(r => r, r => new RuleTally(r));
        var stats = new TokenStats();
        long examples = 0;
        ExampleFormat? format = null;
        await foreach (var line in JsonlReader.ReadAsync(file, maxLineBytes, cancellationToken))
        {
            if (line.TooLong)
            {
                examples++;
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
            if (verdict.Format is { } seen && (format ??= seen) != seen)
            {
                broken.Add(Rules.MixedFormats);
            }

            foreach (var rule in broken)
            {
                tallies[rule].Add(line.Number);
            }

            if (verdict.Tokens is { } count && !broken.Any(r => r.Severity == Severity.Error))
            {
                stats.Add(count, info.MaxTokensPerExample);
            }
        }

        var estimate = CostEstimate.For(examples, stats.Billed, epochs, info.UsdPerMillionTrainingTokens);
        return new ValidationReport(
            fileName, model, info, table.AsOf, format, examples, stats.Examples, stats, estimate,
            [.. Rules.All.Select(r => tallies[r]).Where(t => t.Count > 0)]);
    }

    private static ExampleVerdict Check(ReadOnlyMemory<byte> line, MessageTokens tokens, int limit)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line);
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
