using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Unicode;
using FineTuneWorkflows.Simulator.Jobs;

namespace FineTuneWorkflows.Simulator.Files;

/// <summary>
/// A job's <c>step_metrics.csv</c>, produced row by row: a million rows (about 50 MB) are
/// written through a small buffer and never held whole. Rows depend only on (job, step).
/// </summary>
public static class ResultCsv
{
    public const string Filename = "step_metrics.csv";
    public const string Purpose = "fine-tune-results";
    public static readonly byte[] Header = "step,train_loss,train_accuracy,valid_loss,valid_mean_token_accuracy\n"u8.ToArray();

    private const int MaxRowBytes = 128;
    private const int BufferBytes = 64 * 1024;

    // The content is fixed by (job, rows, encoding), so a length once counted stays true.
    private static readonly ConcurrentDictionary<(string JobId, int Rows, bool Base64), long> Lengths = new();

    public static long Length(string jobId, int rows, bool base64) =>
        Lengths.GetOrAdd((jobId, rows, base64), key =>
        {
            var seed = TrainingCurve.SeedOf(key.JobId);
            Span<byte> row = stackalloc byte[MaxRowBytes];
            long bytes = Header.Length;
            for (var step = 1; step <= key.Rows; step++)
            {
                bytes += FormatRow(row, seed, step, key.Rows);
            }

            return key.Base64 ? (bytes + 2) / 3 * 4 : bytes;
        });

    public static async Task WriteAsync(Stream destination, string jobId, int rows, bool base64, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destination);
        await using var encoder = base64 ? new CryptoStream(destination, new ToBase64Transform(), CryptoStreamMode.Write, leaveOpen: true) : null;
        var sink = encoder ?? destination;
        var seed = TrainingCurve.SeedOf(jobId);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferBytes);
        try
        {
            Header.CopyTo(buffer, 0);
            var filled = Header.Length;
            for (var step = 1; step <= rows; step++)
            {
                if (BufferBytes - filled < MaxRowBytes)
                {
                    await sink.WriteAsync(buffer.AsMemory(0, filled), cancellationToken);
                    filled = 0;
                }

                filled += FormatRow(buffer.AsSpan(filled, MaxRowBytes), seed, step, rows);
            }

            await sink.WriteAsync(buffer.AsMemory(0, filled), cancellationToken);
            if (encoder is not null)
            {
                await encoder.FlushFinalBlockAsync(cancellationToken);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>One row; the validation columns are filled on every tenth step only, as OpenAI's are.</summary>
    public static int FormatRow(Span<byte> destination, ulong seed, long step, long rows)
    {
        var loss = TrainingCurve.TrainLoss(seed, step, rows);
        var accuracy = TrainingCurve.TrainAccuracy(seed, step, rows);
        bool written;
        int length;
        if (step % 10 == 0)
        {
            var validLoss = TrainingCurve.ValidLoss(seed, step, rows);
            var validAccuracy = TrainingCurve.ValidAccuracy(seed, step, rows);
            written = Utf8.TryWrite(destination, CultureInfo.InvariantCulture, $"{step},{loss:F5},{accuracy:F5},{validLoss:F5},{validAccuracy:F5}\n", out length);
        }
        else
        {
            written = Utf8.TryWrite(destination, CultureInfo.InvariantCulture, $"{step},{loss:F5},{accuracy:F5},,\n", out length);
        }

        return written ? length : throw new InvalidOperationException($"row {step} does not fit in {MaxRowBytes} bytes");
    }
}
