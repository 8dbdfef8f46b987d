using System.Globalization;
using System.Security.Cryptography;

namespace FineTuneWorkflows.Activities.Results;

/// <summary>
/// Reads a result-metrics CSV by header name, streaming, so a file of any size costs the same
/// memory. Providers differ: columns go missing or get other names, validation cells are mostly
/// empty, and some send the whole file base64-encoded.
/// </summary>
public static class MetricsCsv
{
    private static readonly string[] StepColumns = ["step"];
    private static readonly string[] TrainLossColumns = ["train_loss", "training_loss"];
    private static readonly string[] TrainAccuracyColumns = ["train_accuracy", "train_mean_token_accuracy", "training_accuracy"];
    private static readonly string[] ValidLossColumns = ["valid_loss", "validation_loss", "full_valid_loss"];
    private static readonly string[] ValidAccuracyColumns = ["valid_mean_token_accuracy", "valid_accuracy", "validation_mean_token_accuracy", "full_valid_mean_token_accuracy"];

    /// <summary>The summary, or null when the content has no header with a column we know.</summary>
    public static async Task<MetricsSummary?> SummarizeAsync(Stream content, CancellationToken cancellationToken) =>
        (await ReadAsync(content, maxSteps: 0, cancellationToken)).Summary;

    /// <summary>
    /// The summary, and the rows as steps for a chart: at most <paramref name="maxSteps"/>, evenly
    /// spread over the file (every row while they fit, then every second, every fourth…), so a
    /// file of any length costs the same memory.
    /// </summary>
    public static async Task<MetricsReading> ReadAsync(Stream content, int maxSteps, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        using var reader = new StreamReader(await DecodedAsync(content, cancellationToken));
        var header = await reader.ReadLineAsync(cancellationToken);
        if (header is null)
        {
            return MetricsReading.None;
        }

        var names = header.Split(',').Select(n => n.Trim().Trim('"').ToLowerInvariant()).ToArray();
        var step = Column(names, StepColumns);
        var trainLoss = new Series(Column(names, TrainLossColumns), lowerIsBetter: true);
        var trainAccuracy = new Series(Column(names, TrainAccuracyColumns), lowerIsBetter: false);
        var validLoss = new Series(Column(names, ValidLossColumns), lowerIsBetter: true);
        var validAccuracy = new Series(Column(names, ValidAccuracyColumns), lowerIsBetter: false);
        if (step < 0 && !new[] { trainLoss, trainAccuracy, validLoss, validAccuracy }.Any(s => s.Index >= 0))
        {
            return MetricsReading.None;
        }

        var steps = new List<StepMetrics>();
        long every = 1;
        long rows = 0;
        long? lastStep = null;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }

            rows++;
            var cells = line.Split(',');
            if (Number(cells, step) is { } s)
            {
                lastStep = (long)s;
            }

            trainLoss.Add(cells);
            trainAccuracy.Add(cells);
            validLoss.Add(cells);
            validAccuracy.Add(cells);
            if (maxSteps > 0 && (rows - 1) % every == 0)
            {
                steps.Add(new StepMetrics(
                    (long?)Number(cells, step) ?? rows, Number(cells, trainLoss.Index), Number(cells, validLoss.Index),
                    Number(cells, trainAccuracy.Index), Number(cells, validAccuracy.Index)));
                if (steps.Count > maxSteps)
                {
                    // Full: keep every second one kept so far (rows 1, 1 + 2·every, …) and take half as many from now on.
                    steps = [.. steps.Where((_, i) => i % 2 == 0)];
                    every *= 2;
                }
            }
        }

        var summary = new MetricsSummary(
            rows, lastStep,
            trainLoss.Final, trainLoss.Best,
            trainAccuracy.Final, trainAccuracy.Best,
            validLoss.Final, validLoss.Best,
            validAccuracy.Final, validAccuracy.Best);
        return new MetricsReading(summary, steps);
    }

    /// <summary>
    /// A CSV header has a comma in its first line; a base64 body has none, only the base64
    /// alphabet. We look at the first bytes and decode on the fly when needed.
    /// </summary>
    private static async Task<Stream> DecodedAsync(Stream content, CancellationToken cancellationToken)
    {
        var head = new byte[512];
        var length = await content.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken);
        var prefix = head.AsSpan(0, length);
        var firstLineEnd = prefix.IndexOfAny("\r\n"u8);
        var firstLine = firstLineEnd < 0 ? prefix : prefix[..firstLineEnd];
        var joined = new PrefixedStream(head.AsMemory(0, length), content);

        var looksBase64 = firstLine.Length > 0 && !firstLine.Contains((byte)',') && IsBase64(prefix);
        return looksBase64
            ? new CryptoStream(joined, new FromBase64Transform(FromBase64TransformMode.IgnoreWhiteSpaces), CryptoStreamMode.Read)
            : joined;
    }

    private static bool IsBase64(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            if (!(char.IsAsciiLetterOrDigit((char)b) || b is (byte)'+' or (byte)'/' or (byte)'=' or (byte)'\r' or (byte)'\n'))
            {
                return false;
            }
        }

        return true;
    }

    private static int Column(string[] names, string[] aliases)
    {
        foreach (var alias in aliases)
        {
            var index = Array.IndexOf(names, alias);
            if (index >= 0)
            {
                return index;
            }
        }

        return -1;
    }

    private static double? Number(string[] cells, int index) =>
        index >= 0 && index < cells.Length
        && double.TryParse(cells[index].Trim().Trim('"'), NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
        && double.IsFinite(value)
            ? value
            : null;

    /// <summary>The last and the best value of one column, ignoring empty and unreadable cells.</summary>
    private sealed class Series(int index, bool lowerIsBetter)
    {
        public int Index => index;

        public double? Final { get; private set; }

        public double? Best { get; private set; }

        public void Add(string[] cells)
        {
            if (Number(cells, index) is not { } value)
            {
                return;
            }

            Final = value;
            if (Best is not { } best || (lowerIsBetter ? value < best : value > best))
            {
                Best = value;
            }
        }
    }
}
