namespace FineTuneWorkflows.Activities.Polling;

/// <summary>
/// How often the wait activity asks the provider. The interval grows with the time already
/// spent waiting, so a status change is seen within a small share of the job's age, while a
/// job that runs for days costs a few hundred calls rather than tens of thousands.
/// </summary>
public sealed record PollPolicy
{
    public static readonly PollPolicy Default = new();

    /// <summary>The shortest wait between two calls.</summary>
    public TimeSpan MinInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The longest wait during the first <see cref="QuickPeriod"/>: short jobs are seen promptly.</summary>
    public TimeSpan QuickMaxInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the quick phase lasts, from the moment the wait began.</summary>
    public TimeSpan QuickPeriod { get; init; } = TimeSpan.FromHours(1);

    /// <summary>The interval as a share of the time spent waiting: 0.05 means a change is seen within 5 % of it.</summary>
    public double ElapsedFraction { get; init; } = 0.05;

    /// <summary>The longest wait ever.</summary>
    public TimeSpan MaxInterval { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>How often a waiting activity heartbeats, between polls too, so a dead worker is noticed soon.</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Every problem with these settings; empty when usable.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (MinInterval <= TimeSpan.Zero)
        {
            problems.Add("MinInterval must be positive");
        }

        if (QuickMaxInterval < MinInterval || MaxInterval < QuickMaxInterval)
        {
            problems.Add("intervals must satisfy MinInterval <= QuickMaxInterval <= MaxInterval");
        }

        if (ElapsedFraction is <= 0 or > 1)
        {
            problems.Add("ElapsedFraction must be in (0, 1]");
        }

        if (HeartbeatInterval <= TimeSpan.Zero)
        {
            problems.Add("HeartbeatInterval must be positive");
        }

        return problems;
    }
}
