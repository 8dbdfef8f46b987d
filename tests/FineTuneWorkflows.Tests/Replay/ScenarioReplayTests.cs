namespace FineTuneWorkflows.Tests.Replay;

/// <summary>Every scripted job, replayed through the real workflow: calls and ending must be the script's.</summary>
public class ScenarioReplayTests
{
    [Theory]
    [MemberData(nameof(Scenarios.All), MemberType = typeof(Scenarios))]
    public async Task Replay_ScriptedScenario_MatchesScriptedCallsAndOutcome(string name)
    {
        var scenario = Scenarios.Get(name);

        await ReplayAssert.MatchesScriptAsync(scenario);

        TestContext.Current.TestOutputHelper?.WriteLine($"{name}: {scenario.EventCount} events in {scenario.Runs.Count} run(s)");
    }
}
