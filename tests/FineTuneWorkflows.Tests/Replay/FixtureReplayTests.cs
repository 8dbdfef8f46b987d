using FineTuneWorkflows.Tests.Replay.Capture;
using FineTuneWorkflows.Tests.Replay.Fixtures;

namespace FineTuneWorkflows.Tests.Replay;

/// <summary>
/// Histories recorded by earlier versions of the workflow, replayed by this one on every build:
/// a change that would break workflows already running fails here, before it is deployed.
/// </summary>
public class FixtureReplayTests
{
    public static TheoryData<string> Committed => [.. FixtureFiles.Names];

    [Theory]
    [MemberData(nameof(Committed))]
    public async Task Replay_CommittedFixture_ReplaysToItsRecordedCallsAndOutcome(string name)
    {
        var history = FixtureFiles.ReadHistory(name);
        var expected = FixtureFiles.ReadExpectation(name);

        var replayed = await WorkflowReplay.RunAsync(history);

        Assert.Null(replayed.Failure);
        Assert.Equal(expected.Calls, replayed.Calls);
        Assert.Equal(expected.Outcome, replayed.Outcome);
        Assert.NotEqual(OutcomeKind.Running, replayed.Outcome.Kind);
    }

    /// <summary>Also where fixtures are (re)written, on request only: <c>FTW_WRITE_FIXTURES=1</c>.</summary>
    [Fact]
    public void Fixtures_EveryScenario_HasACommittedFixture()
    {
        if (FixtureFiles.WriteRequested)
        {
            foreach (var name in Scenarios.Names)
            {
                FixtureFiles.Write(Scenarios.Get(name));
            }
        }

        var committed = FixtureFiles.Names.ToHashSet(StringComparer.Ordinal);
        foreach (var name in Scenarios.Names)
        {
            var scenario = Scenarios.Get(name);
            for (var run = 0; run < scenario.Runs.Count; run++)
            {
                var fixture = FixtureFiles.NameOf(scenario, run);
                Assert.True(committed.Contains(fixture), $"no committed fixture {fixture}; write it with {FixtureFiles.WriteVariable}=1 and commit it");
            }
        }
    }
}
