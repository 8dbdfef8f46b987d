namespace FineTuneWorkflows.Tests.Replay.Scripting;

/// <summary><c>5.Minutes()</c>: scripts read like the job's timeline.</summary>
public static class Durations
{
    public static TimeSpan Milliseconds(this int value) => TimeSpan.FromMilliseconds(value);

    public static TimeSpan Seconds(this int value) => TimeSpan.FromSeconds(value);

    public static TimeSpan Minutes(this int value) => TimeSpan.FromMinutes(value);

    public static TimeSpan Hours(this int value) => TimeSpan.FromHours(value);
}
