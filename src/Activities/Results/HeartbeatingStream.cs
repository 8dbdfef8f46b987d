using System.Diagnostics;

namespace FineTuneWorkflows.Activities.Results;

/// <summary>
/// Reads through to another stream and calls <paramref name="heartbeat"/> at most once per
/// <paramref name="every"/> while bytes flow: a long download proves the attempt alive, and one
/// that stalls stops heartbeating, so Temporal retries it after the heartbeat timeout.
/// </summary>
public sealed class HeartbeatingStream(Stream inner, TimeSpan every, Action heartbeat) : Stream
{
    private long lastBeat = Stopwatch.GetTimestamp();

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Beat(inner.Read(buffer, offset, count));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Beat(await inner.ReadAsync(buffer, cancellationToken));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private int Beat(int read)
    {
        if (Stopwatch.GetElapsedTime(lastBeat) >= every)
        {
            lastBeat = Stopwatch.GetTimestamp();
            heartbeat();
        }

        return read;
    }
}
