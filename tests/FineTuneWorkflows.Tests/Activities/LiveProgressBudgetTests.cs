using System.Text.Json;
using FineTuneWorkflows.Activities.Polling;
using FineTuneWorkflows.Wire;
using Temporalio.Converters;

namespace FineTuneWorkflows.Tests.Activities;

/// <summary>
/// A check's live progress must fit in what Temporal Server keeps of a retrying activity's last
/// failure (4 KB with the message and stack trace, or the details are dropped): the newest steps
/// that fit in <see cref="LiveProgress.MaxBytes"/>, and nothing else.
/// </summary>
public class LiveProgressBudgetTests
{
    private static readonly FineTuningJob Running = new() { Id = "ftjob-b", Status = JobStatus.Running, EstimatedFinish = 1_750_003_600 };

    /// <summary>A provider's newest-first page: metric events for steps 100 down to 1, a message between each.</summary>
    private static List<JobEvent> Page()
    {
        var events = new List<JobEvent>();
        for (var step = 100; step >= 1; step--)
        {
            var data = JsonDocument.Parse($$"""{"step":{{step}},"total_steps":100,"train_loss":{{1.0 / step:0.0000000}},"valid_loss":null,"train_mean_token_accuracy":0.8765,"full_valid_loss":null}""").RootElement.Clone();
            events.Add(new JobEvent { Id = $"ftevent-m{step}", CreatedAt = 1_750_000_000 + step, Type = "metrics", Data = data, Message = $"Step {step}/100" });
            events.Add(new JobEvent { Id = $"ftevent-i{step}", CreatedAt = 1_750_000_000 + step, Type = "message", Message = "Checkpoint saved" });
        }

        return events;
    }

    private static int Json(object value) => DataConverter.Default.PayloadConverter.ToPayload(value).Data.Length;

    [Fact]
    public void Of_AFullPage_KeepsTheNewestStepsThatFit()
    {
        var live = LiveProgress.Of(Running, Page());

        Assert.True(Json(live) <= 1024, $"{Json(live)} bytes");
        // The newest steps, in order, with no gap: 100, 99, …
        Assert.Equal(Enumerable.Range(0, live.Steps.Count).Select(i => 100L - i), live.Steps.Select(s => s.Step));
        // Not one step fewer than fits.
        var oneMore = live with { Steps = [.. live.Steps, new LiveStep(100 - live.Steps.Count, 1_750_000_100 - live.Steps.Count, 100, 1.0 / (100 - live.Steps.Count), null, 0.8765)] };
        Assert.True(Json(oneMore) > 1024, $"{Json(oneMore)} bytes would still fit");
        Assert.InRange(live.Steps.Count, 12, 40);
    }

    [Fact]
    public void Of_AStep_KeepsItsFiguresAndTime()
    {
        var live = LiveProgress.Of(Running, Page());

        Assert.Equal(new LiveStep(100, 1_750_000_100, 100, 0.01, null, 0.8765), live.Steps[0]);
        Assert.Equal(JobStatus.Running, live.Status);
        Assert.Equal(1_750_003_600, live.EstimatedFinish);
    }

    [Fact]
    public void Of_AStatusThatAloneIsOverTheBudget_KeepsNoStep()
    {
        // A provider's status is not ours to bound; the steps give way (and the server, at 4 KB, drops the details).
        var live = LiveProgress.Of(Running with { Status = new string('x', 1100) }, Page());

        Assert.Empty(live.Steps);
    }

    [Fact]
    public void Of_NoMetricEvents_NoSteps()
    {
        var live = LiveProgress.Of(Running, Page().Where(e => e.Type != "metrics"));

        Assert.Empty(live.Steps);
    }

    [Fact]
    public void LiveStep_TravelsInShortNamesWithoutNulls()
    {
        Assert.Equal("""{"s":7,"at":9,"n":10,"l":0.5}""", DataConverter.Default.PayloadConverter.ToPayload(new LiveStep(7, 9, 10, 0.5)).Data.ToStringUtf8());
    }

    [Theory]
    [InlineData(JobStatus.Running, true)]
    [InlineData(JobStatus.Paused, true)]
    [InlineData(JobStatus.Pausing, true)]
    [InlineData("RUNNING", true)]
    [InlineData(JobStatus.Queued, false)]
    [InlineData(JobStatus.ValidatingFiles, false)]
    [InlineData(JobStatus.Succeeded, false)]
    [InlineData(null, false)]
    public void HasSteps_OnlyOnceTheJobTrains(string? status, bool expected)
    {
        Assert.Equal(expected, LiveProgress.HasSteps(status));
    }
}
