namespace FineTuneWorkflows.Activities.Polling;

/// <summary>
/// How often the wait activity asks the provider. The interval is a share of the job's age:
/// a change is seen within that share of the time the job has been going, while a job that
/// runs for days costs a few hundred calls rather than tens of thousands.
/// </summary>
public sealed record PollPolicy
{
    public static readonly PollPolicy Default = new();

    /// <summary>
    /// With provider webhooks, which tell of a job's end within seconds: the checks only show the
    /// statuses on the way (no webhook tells of validating, queued or running) and catch a
    /// webhook that never came. A quarter of the job's age, between 1 and 5 minutes in its first
    /// hour, at most 90 minutes after it: a lost webhook is made up for within 90 minutes (a
    /// quarter of the job's age, for a job younger than six hours), while a 72-hour job costs
    /// about 70 checks instead of about 580.
    /// </summary>
    public static readonly PollPolicy WebhookSafetyNet = new()
    {
        MinInterval = TimeSpan.FromMinutes(1),
        QuickFraction = 0.25,
        QuickMaxInterval = TimeSpan.FromMinutes(5),
        ElapsedFraction = 0.25,
        MaxInterval = TimeSpan.FromMinutes(90),
    };

    /// <summary>Half the wait activity's two-minute heartbeat timeout: one late heartbeat must not kill an attempt.</summary>
    public static readonly TimeSpan MaxHeartbeatInterval = TimeSpan.FromMinutes(1);

    /// <summary>The shortest wait between two calls.</summary>
    public TimeSpan MinInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The share of the job's age to wait during its first <see cref="QuickPeriod"/>.</summary>
    public double QuickFraction { get; init; } = 0.1;

    /// <summary>The longest wait during the first <see cref="QuickPeriod"/>: short jobs are seen promptly.</summary>
    public TimeSpan QuickMaxInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the quick phase lasts, counted from the job's creation.</summary>
    public TimeSpan QuickPeriod { get; init; } = TimeSpan.FromHours(1);

    /// <summary>The share of the job's age to wait after the quick phase: 0.05 means a change is seen within 5 % of it.</summary>
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

        // Written so that NaN fails too: it compares false with everything.
        if (!(QuickFraction > 0 && QuickFraction <= 1 && ElapsedFraction > 0 && ElapsedFraction <= 1))
        {
            problems.Add("QuickFraction and ElapsedFraction must be in (0, 1]");
        }

        if (HeartbeatInterval <= TimeSpan.Zero || HeartbeatInterval > MaxHeartbeatInterval)
        {
            problems.Add($"HeartbeatInterval must be positive and at most {MaxHeartbeatInterval.TotalSeconds:0} s (half the wait's heartbeat timeout)");
        }

        return problems;
    }
}
