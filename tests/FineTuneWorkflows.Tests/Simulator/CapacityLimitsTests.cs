using System.Net;
using System.Text.Json;
using FineTuneWorkflows.Activities.Provider;
using FineTuneWorkflows.Wire;

namespace FineTuneWorkflows.Tests.Simulator;

/// <summary>The simulator's caps, answered as OpenAI answers them: per model, active jobs and the day's creates.</summary>
public class CapacityLimitsTests
{
    private static async Task<(int Status, string? Code, string? Message)> PostAsync(SimulatorSession sim, string model = "gpt-4o-mini")
    {
        using var response = await sim.PostJsonAsync("fine_tuning/jobs", new CreateFineTuningJobRequest { Model = model, TrainingFile = "file-train" });
        if (response.IsSuccessStatusCode)
        {
            return ((int)response.StatusCode, null, null);
        }

        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(SimulatorSession.Ct));
        var error = body.RootElement.GetProperty("error");
        return ((int)response.StatusCode, error.GetProperty("code").GetString(), error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task ActiveCap_RefusesTheNextCreateOfThatModelUntilOneEnds()
    {
        await using var sim = await SimulatorSession.StartAsync(o => o.MaxActiveJobs = 2);

        var first = await PostAsync(sim);
        sim.Clock.Advance(TimeSpan.FromSeconds(5));
        var second = await PostAsync(sim);
        var third = await PostAsync(sim);
        var otherModel = await PostAsync(sim, "gpt-4.1-mini");

        // The first job's phases (1 s + 2 s + 10 s) end 13 s after it was made.
        sim.Clock.Advance(TimeSpan.FromSeconds(8));
        var afterOneEnded = await PostAsync(sim);
        var stillFull = await PostAsync(sim);

        Assert.Equal(200, first.Status);
        Assert.Equal(200, second.Status);
        Assert.Equal((429, "rate_limit_exceeded"), (third.Status, third.Code));
        Assert.Equal(ProviderErrorTypes.ActiveJobLimit, ProviderErrors.FromResponse(HttpStatusCode.TooManyRequests, new HttpResponseMessage().Headers, JsonSerializer.SerializeToUtf8Bytes(new { error = new { code = third.Code, message = third.Message } }), "create", "key").ErrorType);
        Assert.Equal(200, otherModel.Status);
        Assert.Equal(200, afterOneEnded.Status);
        Assert.Equal(429, stillFull.Status);
        var stats = sim.State.Stats();
        Assert.Equal(2, stats.PeakActiveJobs["gpt-4o-mini"]);
        Assert.Equal(1, stats.PeakActiveJobs["gpt-4.1-mini"]);
        Assert.Equal(2, stats.CapacityRefusals);
        Assert.Equal(4, stats.JobsCreated);
    }

    [Fact]
    public async Task DailyCap_RefusesUntilTheNextUtcDay()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 12, 2, 23, 0, 0, TimeSpan.Zero));
        await using var sim = await SimulatorSession.StartAsync(o => o.MaxDailyCreates = 2, clock);

        var made = new[] { await PostAsync(sim), await PostAsync(sim) };
        var refused = await PostAsync(sim);
        clock.Advance(TimeSpan.FromMinutes(59));
        var lastMinute = await PostAsync(sim);
        clock.Advance(TimeSpan.FromMinutes(1));
        var nextDay = await PostAsync(sim);

        Assert.All(made, m => Assert.Equal(200, m.Status));
        Assert.Equal((429, "daily_rate_limit_exceeded"), (refused.Status, refused.Code));
        Assert.Contains("daily limit of 2", refused.Message, StringComparison.Ordinal);
        Assert.Equal(429, lastMinute.Status);
        Assert.Equal(200, nextDay.Status);
    }

    [Fact]
    public async Task NoCaps_NothingIsRefused()
    {
        await using var sim = await SimulatorSession.StartAsync();

        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(200, (await PostAsync(sim)).Status);
        }

        Assert.Equal(0, sim.State.Stats().CapacityRefusals);
        Assert.Equal(20, sim.State.Stats().PeakActiveJobs["gpt-4o-mini"]);
    }
}
