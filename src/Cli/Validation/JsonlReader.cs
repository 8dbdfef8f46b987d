using System.Runtime.CompilerServices;

namespace FineTuneWorkflows.Cli.Validation;

/// <summary>
/// The lines of a JSONL stream as UTF-8 bytes, in memory bounded by the longest line allowed: a
/// gigabyte file is read through one buffer, and a line past the bound is skipped, not loaded.
/// </summary>
public static class JsonlReader
{
    private const int FirstBufferBytes = 1 << 16;

    public static async IAsyncEnumerable<JsonlLine> ReadAsync(Stream stream, int maxLineBytes, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLineBytes, 1);
        var buffer = new byte[Math.Min(FirstBufferBytes, maxLineBytes + 1)];
        int start = 0, end = 0;
        long number = 0;
        var skipping = false;
        var first = true;
        while (true)
        {
            var newline = buffer.AsSpan(start, end - start).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                number++;
                var line = skipping ? ReadOnlyMemory<byte>.Empty : Trim(buffer.AsMemory(start, newline), ref first);
                start += newline + 1;
                yield return new JsonlLine(number, line, skipping);
                skipping = false;
                first = false;
                continue;
            }

            if (end - start > maxLineBytes)
            {
                // Past the bound with no line break yet: forget what is held and skip to the next break.
                skipping = true;
                start = end = 0;
            }
            else if (start > 0)
            {
                buffer.AsSpan(start, end - start).CopyTo(buffer);
                end -= start;
                start = 0;
            }

            if (end == buffer.Length)
            {
                Array.Resize(ref buffer, (int)Math.Min(buffer.Length * 2L, maxLineBytes + 1L));
            }

            var read = await stream.ReadAsync(buffer.AsMemory(end), cancellationToken);
            if (read == 0)
            {
                if (end > start || skipping)
                {
                    number++;
                    yield return new JsonlLine(number, skipping ? ReadOnlyMemory<byte>.Empty : Trim(buffer.AsMemory(start, end - start), ref first), skipping);
                }

                yield break;
            }

            end += read;
        }
    }

    /// <summary>Drops a Windows line ending, and the UTF-8 byte-order mark before the first line.</summary>
    private static ReadOnlyMemory<byte> Trim(ReadOnlyMemory<byte> line, ref bool first)
    {
        if (first)
        {
            first = false;
            if (line.Span.StartsWith("\uFEFF"u8))
            {
                line = line[3..];
            }
        }

        return line.Span.EndsWith("\r"u8) ? line[..^1] : line;
    }
}
