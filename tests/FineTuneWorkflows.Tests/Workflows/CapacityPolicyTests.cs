using FineTuneWorkflows.Activities.Provider;
using FineTuneWorkflows.Workflows;

namespace FineTuneWorkflows.Tests.Workflows;

/// <summary>The wait of a create the provider had no room for, against waits worked out by hand.</summary>
public class CapacityPolicyTests
{
    private static readonly DateTimeOffset Evening = new(2026, 12, 2, 18, 30, 0, TimeSpan.Zero);

    [Theory]
    // 5 min, doubling per refusal, capped at 60 min, times 0.8 + 0.4 × jitter.
    [InlineData(0, 0.5, "00:05:00")]
    [InlineData(0, 0.0, "00:04:00")]
    [InlineData(0, 0.75, "00:05:30")]
    [InlineData(1, 0.5, "00:10:00")]
    [InlineData(3, 0.0, "00:32:00")]
    [InlineData(4, 0.5, "01:00:00")]
    [InlineData(30, 0.25, "00:54:00")]
    [InlineData(int.MaxValue, 0.5, "01:00:00")]
    public void ActiveJobs_DoublesFromFiveMinutesToAnHour_WithJitter(int refusalsBefore, double jitter, string expected)
    {
        var delay = CapacityPolicy.Delay(ProviderErrorTypes.ActiveJobLimit, refusalsBefore, Evening, retryAfter: null, jitter);

        Assert.Equal(TimeSpan.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), delay);
    }

    [Theory]
    [InlineData("2026-12-02T18:30:00Z", 0.0, "05:30:00")]
    [InlineData("2026-12-02T18:30:00Z", 0.5, "05:37:30")]
    [InlineData("2026-12-02T20:30:00+02:00", 0.0, "05:30:00")]
    [InlineData("2026-12-02T23:59:59Z", 0.0, "00:00:01")]
    [InlineData("2026-12-03T00:00:00Z", 0.0, "1.00:00:00")]
    [InlineData("2026-12-02T00:10:00+05:00", 0.0, "04:50:00")]
    public void DailyCreates_WaitsUntilJustPastTheNextMidnightUtc(string now, double jitter, string expected)
    {
        var at = DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture);

        var delay = CapacityPolicy.Delay(ProviderErrorTypes.DailyCreateLimit, refusalsBefore: 3, at, retryAfter: null, jitter);

        Assert.Equal(TimeSpan.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), delay);
    }

    [Theory]
    [InlineData(ProviderErrorTypes.ActiveJobLimit, 7, 7)]
    [InlineData(ProviderErrorTypes.ActiveJobLimit, 1, 5)]
    [InlineData(ProviderErrorTypes.DailyCreateLimit, 400, 400)]
    [InlineData(ProviderErrorTypes.DailyCreateLimit, 60, 330)]
    public void RetryAfter_IsNeverUndercut(string errorType, int retryAfterMinutes, int expectedMinutes)
    {
        var delay = CapacityPolicy.Delay(errorType, 0, Evening, TimeSpan.FromMinutes(retryAfterMinutes), jitter: 0.5 * (errorType == ProviderErrorTypes.ActiveJobLimit ? 1 : 0));

        Assert.Equal(TimeSpan.FromMinutes(expectedMinutes), delay);
    }

    [Fact]
    public void Jitter_IsTheTop53BitsOfSha256OfIdAndRefusal()
    {
        // Worked out with Python's hashlib: int.from_bytes(sha256(s)[:8], "big") >> 11, over 2**53.
        const string id = "ftjob-0123456789abcdef0123456789abcdef";

        Assert.Equal(0.22753195705376594, CapacityPolicy.Jitter(id, 1));
        Assert.Equal(0.2955984893717949, CapacityPolicy.Jitter(id, 2));
    }

    [Fact]
    public void Jitter_SpreadsJobsRefusedTogether()
    {
        var jitters = Enumerable.Range(0, 2_000).Select(i => CapacityPolicy.Jitter($"ftjob-{i:x32}", 1)).ToList();

        Assert.All(jitters, j => Assert.InRange(j, 0.0, 0.9999999999));
        Assert.InRange(jitters.Average(), 0.47, 0.53);
        Assert.InRange(jitters.Count(j => j < 0.1), 150, 250);
        Assert.Equal(jitters.Count, jitters.Distinct().Count());
    }

    [Theory]
    [InlineData(ProviderErrorTypes.DailyCreateLimit, CapacityWait.DailyCreates)]
    [InlineData(ProviderErrorTypes.ActiveJobLimit, CapacityWait.ActiveJobs)]
    public void ReasonFor_NamesTheCap(string errorType, string reason) =>
        Assert.Equal(reason, CapacityPolicy.ReasonFor(errorType));
}
