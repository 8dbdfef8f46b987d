using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using FineTuneWorkflows.Activities.Provider;

namespace FineTuneWorkflows.Workflows;

/// <summary>
/// How long a create the provider had no room for waits before it is tried again; no I/O, no
/// Temporal. A daily cap lifts with the next UTC day, so the wait runs to just past midnight,
/// spread over a few minutes so that a deployment's held jobs do not all ask at once. Room under
/// a cap on active jobs comes as jobs end, at a time nobody knows: minutes at first, doubling to
/// an hour, so a job held all day asks about once an hour. Jitter (±20 %) spreads jobs refused
/// together. A provider's Retry-After is never undercut. There is no deadline: a held job waits
/// until there is room or it is cancelled.
/// </summary>
/// <remarks>
/// The jitter is drawn from the workflow's id and the refusal's number (<see cref="Jitter"/>),
/// not from a random source: jobs refused together get different waits, and any wait can be
/// worked out again from the id alone, by a person or a test.
/// </remarks>
public static class CapacityPolicy
{
    public static readonly TimeSpan FirstActiveWait = TimeSpan.FromMinutes(5);

    public static readonly TimeSpan MaxActiveWait = TimeSpan.FromHours(1);

    /// <summary>How far past midnight UTC the held jobs of a daily cap are spread.</summary>
    public static readonly TimeSpan MidnightSpread = TimeSpan.FromMinutes(15);

    /// <summary>A number in [0, 1): the top 53 bits of SHA-256 of "<paramref name="workflowId"/>/<paramref name="refusal"/>" (big-endian), over 2^53.</summary>
    public static double Jitter(string workflowId, int refusal)
    {
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes($"{workflowId}/{refusal}"));
        return (BinaryPrimitives.ReadUInt64BigEndian(digest) >> 11) / 9007199254740992.0;
    }

    /// <summary>The reason shown for a capacity failure type (<see cref="ProviderErrorTypes.IsCapacity"/>).</summary>
    public static string ReasonFor(string errorType) =>
        errorType == ProviderErrorTypes.DailyCreateLimit ? CapacityWait.DailyCreates : CapacityWait.ActiveJobs;

    /// <param name="errorType">The refusal's failure type: <see cref="ProviderErrorTypes.DailyCreateLimit"/> or <see cref="ProviderErrorTypes.ActiveJobLimit"/>.</param>
    /// <param name="refusalsBefore">Refusals before this one, in this wait.</param>
    /// <param name="now">Workflow time.</param>
    /// <param name="retryAfter">The provider's Retry-After, if it gave one.</param>
    /// <param name="jitter">A number in [0, 1) (<see cref="Jitter"/>, drawn from the workflow id).</param>
    public static TimeSpan Delay(string errorType, int refusalsBefore, DateTimeOffset now, TimeSpan? retryAfter, double jitter)
    {
        TimeSpan delay;
        if (errorType == ProviderErrorTypes.DailyCreateLimit)
        {
            var utc = now.ToUniversalTime();
            delay = utc.Date.AddDays(1) - utc.DateTime + (MidnightSpread * jitter);
        }
        else
        {
            var doublings = Math.Clamp(refusalsBefore, 0, 10);
            var wait = FirstActiveWait * Math.Pow(2, doublings);
            delay = (wait < MaxActiveWait ? wait : MaxActiveWait) * (0.8 + (0.4 * jitter));
        }

        return retryAfter is { } asked && asked > delay ? asked : delay;
    }
}
