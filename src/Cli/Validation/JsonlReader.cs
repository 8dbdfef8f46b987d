using System.Runtime.CompilerServices;

namespace FineTuneWorkflows.Cli.Validation;

/// <summary>
/// The lines of a JSONL stream as UTF-8 bytes, in memory bounded by the longest line allowed: a
/// gigabyte file is read through one buffer, and a line past the bound is skipped, not loaded.
/// The bound is on the line itself: its Windows line ending and a byte-order mark do not count.
/// </summary>
public static class JsonlReader
{
    private const int FirstBufferBytes = 1 << 16;

    /// <summary>Room beyond the bound for what is trimmed off a line: a BOM (3 bytes) and a CR.</summary>
    private const int Trimmed = 4;

    public static async IAsyncEnumerable<JsonlLine> ReadAsync(Stream stream, int maxLineBytes, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLineBytes, 1);
        var held = maxLineBytes + Trimmed;
        var buffer = new byte[Math.Min(FirstBufferBytes, held + 1)];
        int start = 0, end = 0, searched = 0;
        long number = 0;
        var skipping = false;
        var first = true;
        while (true)
        {
            // Only the bytes not searched yet: a long line arriving in small reads is scanned once.
            var newline = buffer.AsSpan(searched, end - searched).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                number++;
                var at = searched + newline;
                var line = skipping ? ReadOnlyMemory<byte>.Empty : Trim(buffer.AsMemory(start, at - start), first);
                var tooLong = skipping || line.Length > maxLineBytes;
                start = searched = at + 1;
                yield return new JsonlLine(number, tooLong ? ReadOnlyMemory<byte>.Empty : line, tooLong);
                skipping = false;
                first = false;
                continue;
            }

            searched = end;
            if (end - start > held)
            {
                // Past the bound with no line break yet: forget what is held and skip to the next break.
                skipping = true;
                start = end = searched = 0;
            }
            else if (start > 0)
            {
                buffer.AsSpan(start, end - start).CopyTo(buffer);
                end -= start;
                searched -= start;
                start = 0;
            }

            if (end == buffer.Length)
            {
                Array.Resize(ref buffer, (int)Math.Min(buffer.Length * 2L, held + 1L));
            }

            var read = await stream.ReadAsync(buffer.AsMemory(end), cancellationToken);
            if (read == 0)
            {
                if (end > start || skipping)
                {
                    number++;
                    var line = skipping ? ReadOnlyMemory<byte>.Empty : Trim(buffer.AsMemory(start, end - start), first);
                    var tooLong = skipping || line.Length > maxLineBytes;
                    yield return new JsonlLine(number, tooLong ? ReadOnlyMemory<byte>.Empty : line, tooLong);
                }

                yield break;
            }

            end += read;
        }
    }

    /// <summary>Drops a Windows line ending, and the UTF-8 byte-order mark before the first line.</summary>
    private static ReadOnlyMemory<byte> Trim(ReadOnlyMemory<byte> line, bool first)
    {
        if (first && line.Span.StartsWith("\uFEFF"u8))
        {
            line = line[3..];
        }

        return line.Span.EndsWith("\r"u8) ? line[..^1] : line;
    }
}
