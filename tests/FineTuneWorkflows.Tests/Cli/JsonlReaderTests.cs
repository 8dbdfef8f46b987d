using System.Text;
using FineTuneWorkflows.Cli.Validation;

namespace FineTuneWorkflows.Tests.Cli;

public class JsonlReaderTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<List<(long Number, string Text, bool TooLong)>> ReadAsync(byte[] bytes, int maxLineBytes = 1 << 20, int chunk = int.MaxValue)
    {
        var lines = new List<(long, string, bool)>();
        await foreach (var line in JsonlReader.ReadAsync(new TrickleStream(bytes, chunk), maxLineBytes, Ct))
        {
            lines.Add((line.Number, Encoding.UTF8.GetString(line.Bytes.Span), line.TooLong));
        }

        return lines;
    }

    [Fact]
    public async Task Read_UnixAndWindowsEndings_ByteOrderMark_AndNoFinalBreak()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("a\r\nbb\n\nccc")).ToArray();

        var lines = await ReadAsync(bytes);

        Assert.Equal([(1L, "a", false), (2L, "bb", false), (3L, "", false), (4L, "ccc", false)], lines);
    }

    [Fact]
    public async Task Read_ATrailingBreak_MakesNoEmptyLastLine() =>
        Assert.Equal([(1L, "x", false)], await ReadAsync(Encoding.UTF8.GetBytes("x\n")));

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(4096)]
    public async Task Read_ALineLongerThanTheBound_IsSkippedButNumbered_WhateverTheReadSizes(int chunk)
    {
        var text = $"short\n{new string('x', 100)}\nafter\n{new string('y', 40)}";

        var lines = await ReadAsync(Encoding.UTF8.GetBytes(text), maxLineBytes: 16, chunk);

        Assert.Equal([(1L, "short", false), (2L, "", true), (3L, "after", false), (4L, "", true)], lines);
    }

    [Fact]
    public async Task Read_ALineOfExactlyTheBound_IsRead()
    {
        var lines = await ReadAsync(Encoding.UTF8.GetBytes($"{new string('z', 16)}\nnext\n"), maxLineBytes: 16, chunk: 5);

        Assert.Equal([(1L, new string('z', 16), false), (2L, "next", false)], lines);
    }

    /// <summary>Hands out at most <c>chunk</c> bytes per read, as a socket or a slow disk may.</summary>
    private sealed class TrickleStream(byte[] bytes, int chunk) : MemoryStream(bytes)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, chunk)], cancellationToken);
    }
}
