using System.Text.Json;
using FineTuneWorkflows.Cli.Watching;
using FineTuneWorkflows.Wire;
using Spectre.Console.Testing;

namespace FineTuneWorkflows.Tests.Cli;

/// <summary>The watch's picture, rendered by Spectre.Console into a recording console.</summary>
public class WatchViewTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);

    private static FineTuningJob Job(string status, long? estimatedFinish = null, string? model = null, long? trained = null) => new()
    {
        Id = "ftjob-abc",
        Model = "gpt-4o-mini-2024-07-18",
        Status = status,
        EstimatedFinish = estimatedFinish,
        FineTunedModel = model,
        TrainedTokens = trained,
    };

    private static JobEvent Metrics(int step, double loss) => new()
    {
        Id = $"ev-{step}",
        Type = "metrics",
        Data = JsonDocument.Parse(FormattableString.Invariant($$"""{"step":{{step}},"total_steps":4,"train_loss":{{loss}},"train_mean_token_accuracy":0.5}""")).RootElement,
    };

    private static string Render(WatchState state, DateTimeOffset now)
    {
        var console = new TestConsole().Width(100);
        console.Write(WatchView.Render(state, now, 100));
        return console.Output;
    }

    [Fact]
    public void Apply_NewStatusesAndSteps_AreLinesOnce_WithHowLongTheLastStatusLasted()
    {
        var state = new WatchState();

        Assert.Equal(["10:00:00 queued"], state.Apply(Job("queued"), [], T0));
        Assert.Empty(state.Apply(Job("queued"), [], T0.AddSeconds(5)));
        Assert.Equal(
            ["10:01:15 running (after 1m15s queued)", "10:01:15 step 2/4: train_loss 1.5, train_accuracy 0.5"],
            state.Apply(Job("running"), [Metrics(2, 1.5), Metrics(1, 2.0)], T0.AddSeconds(75)));
        // The same events seen again are not news.
        Assert.Empty(state.Apply(Job("running"), [Metrics(2, 1.5), Metrics(1, 2.0)], T0.AddSeconds(80)));
        Assert.Equal([1L, 2L], state.Metrics.Select(m => m.Step));
    }

    [Fact]
    public void Render_Running_ShowsTimelineEtaStepAndCurve()
    {
        var state = new WatchState();
        state.Apply(Job("queued"), [], T0);
        state.Apply(Job("running", estimatedFinish: T0.AddMinutes(12).ToUnixTimeSeconds()), [Metrics(4, 0.5), Metrics(3, 1.0), Metrics(2, 1.5), Metrics(1, 2.0)], T0.AddMinutes(2));

        var text = Render(state, T0.AddMinutes(3));

        Assert.Contains("ftjob-abc  gpt-4o-mini-2024-07-18  running", text, StringComparison.Ordinal);
        Assert.Matches(@"│ queued\s+│ 10:00:00\s+│ 2m00s\s+│", text);
        Assert.Matches(@"│ running\s+│ 10:02:00\s+│ 1m00s\s+│", text);
        Assert.Contains("ETA 10:12:00 UTC (in 9m00s)", text, StringComparison.Ordinal);
        Assert.Contains("step 4/4: train_loss 0.5, train_accuracy 0.5", text, StringComparison.Ordinal);
        Assert.Contains("train_loss by step", text, StringComparison.Ordinal);
        // The curve falls from 2 to 0.5 over eight rows: the top row holds the first step only; the
        // bottom row is full under the first three and an eighth high under the last (the lowest).
        Assert.Contains("  2 │█", text, StringComparison.Ordinal);
        Assert.Contains("0.5 │███▁", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_Succeeded_EndsWithTheModelAndTokens_AndNoEta()
    {
        var state = new WatchState();
        state.Apply(Job("running", estimatedFinish: T0.AddMinutes(1).ToUnixTimeSeconds()), [], T0);
        state.Apply(Job("succeeded", estimatedFinish: T0.AddMinutes(1).ToUnixTimeSeconds(), model: "ft:gpt-4o-mini:org::x", trained: 12345), [], T0.AddMinutes(1));

        var text = Render(state, T0.AddMinutes(2));

        Assert.Contains("succeeded: ft:gpt-4o-mini:org::x, 12,345 trained tokens", text, StringComparison.Ordinal);
        Assert.DoesNotContain("ETA", text, StringComparison.Ordinal);
        Assert.Matches(@"│ running\s+│ 10:00:00\s+│ 1m00s\s+│", text);
    }

    [Fact]
    public void Final_Failed_SaysWhy() =>
        Assert.Equal("failed: Training file has 3 invalid lines", WatchView.Final(Job("failed") with { Error = new JobError(null, "Training file has 3 invalid lines", null) }));
}
