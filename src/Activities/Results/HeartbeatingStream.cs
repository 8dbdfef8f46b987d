using System.Diagnostics;

namespace FineTuneWorkflows.Activities.Results;

/// <summary>
/// Reads through to another stream and calls <paramref name="heartbeat"/> at most once per
/// <paramref name="every"/> while bytes flow: a long download proves the attempt alive, and one
/// that stalls stops heartbeating, so Temporal retries it after the heartbeat timeout.
/// </summary>
public sealed class HeartbeatingStream(Stream inner, TimeSpan every, Action heartbeat) : ReadOnlyStream(inner)
{
    private long lastBeat = Stopwatch.GetTimestamp();

    public override int Read(byte[] buffer, int offset, int count) => Beat(Inner.Read(buffer, offset, count));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Beat(await Inner.ReadAsync(buffer, cancellationToken));

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
