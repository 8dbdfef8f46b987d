namespace FineTuneWorkflows.Tests.Replay;

/// <summary>
/// History grows with status changes, not with polls or time: a job that runs for days must stay
/// far below the point where Temporal suggests continuing as new (thousands of events).
/// </summary>
public class HistoryBudgetTests
{
    private const int Budget = 100;

    [Fact]
    public void History_SeventyTwoHourJob_StaysUnderOneHundredEvents()
    {
        var scenario = Scenarios.SeventyTwoHours();
        var history = Assert.Single(scenario.Runs).History;
        var took = history.Events.Last().EventTime.ToDateTimeOffset() - history.Events.First().EventTime.ToDateTimeOffset();

        Assert.True(took >= TimeSpan.FromHours(72), $"the scripted job took only {took}");
        Assert.True(history.Events.Count < Budget, $"72-hour job: {history.Events.Count} events");
        TestContext.Current.TestOutputHelper?.WriteLine($"seventy-two-hours: {history.Events.Count} events over {took}");
    }

    [Theory]
    [MemberData(nameof(Scenarios.All), MemberType = typeof(Scenarios))]
    public void History_EveryScenario_StaysUnderBudgetPerRun(string name)
    {
        var scenario = Scenarios.Get(name);

        var counts = scenario.Runs.Select(r => r.History.Events.Count).ToList();

        TestContext.Current.TestOutputHelper?.WriteLine($"event count {name}: {string.Join(" + ", counts)}");
        Assert.All(counts, count => Assert.InRange(count, 5, Budget - 1));
    }
}
