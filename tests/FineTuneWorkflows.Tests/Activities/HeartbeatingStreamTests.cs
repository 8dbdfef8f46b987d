using FineTuneWorkflows.Activities.Results;

namespace FineTuneWorkflows.Tests.Activities;

/// <summary>A long download heartbeats while bytes flow, and only then.</summary>
public class HeartbeatingStreamTests
{
    private static HeartbeatingStream Wrap(Stream inner, TimeSpan every, Action beat) => new(inner, every, beat);

    [Fact]
    public async Task Read_BytesFlowingForLongerThanTheInterval_Heartbeats()
    {
        var beats = 0;
        using var stream = Wrap(new SlowStream(chunks: 6, pause: TimeSpan.FromMilliseconds(60)), TimeSpan.FromMilliseconds(100), () => beats++);
        var buffer = new byte[16];

        var total = 0;
        int read;
        while ((read = await stream.ReadAsync(buffer, TestContext.Current.CancellationToken)) > 0)
        {
            total += read;
        }

        // About 360 ms of reading with a beat at most every 100 ms: two to three beats, never one per read.
        Assert.Equal(6 * 16, total);
        Assert.InRange(beats, 2, 4);
    }

    [Fact]
    public async Task Read_QuickerThanTheInterval_DoesNotHeartbeat()
    {
        var beats = 0;
        using var stream = Wrap(new MemoryStream(new byte[1000]), TimeSpan.FromMinutes(1), () => beats++);

        await stream.CopyToAsync(Stream.Null, TestContext.Current.CancellationToken);

        Assert.Equal(0, beats);
    }

    /// <summary>Hands out a chunk at a time, pausing before each, like a slow socket.</summary>
    private sealed class SlowStream(int chunks, TimeSpan pause) : Stream
    {
        private int left = chunks;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (left-- <= 0)
            {
                return 0;
            }

            await Task.Delay(pause, cancellationToken);
            return Math.Min(16, buffer.Length);
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
