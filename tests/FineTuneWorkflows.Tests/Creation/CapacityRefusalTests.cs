using FineTuneWorkflows.Activities.Creation;
using FineTuneWorkflows.Activities.Provider;
using FineTuneWorkflows.Simulator;
using FineTuneWorkflows.Tests.Simulator;
using FineTuneWorkflows.Tests.Support;
using Temporalio.Exceptions;

namespace FineTuneWorkflows.Tests.Creation;

/// <summary>
/// A create the provider has no room for, over real HTTP against the simulator's caps: the
/// activity ends for good saying no job was made, so the workflow can wait on a timer; the
/// first version's workflows, which cannot wait, keep retrying as before.
/// </summary>
public class CapacityRefusalTests
{
    private static readonly CreateFineTuningJobRequest Request = new() { Model = "gpt-4o-mini", TrainingFile = "file-train1", Suffix = "bot" };

    private static SimulatorOptions Capped(int? active = null, int? daily = null)
    {
        var options = ProviderRig.QuickJobs(TimeSpan.FromHours(1));
        options.MaxActiveJobs = active;
        options.MaxDailyCreates = daily;
        return options;
    }

    private static async Task<CreateJobInput> InputAsync(ProviderRig rig, string key)
    {
        var prepared = await new ActivityAttempt().RunAsync(() => rig.Activities.PrepareCreateAsync(new PrepareCreateInput(key, Request, null, null, null)));
        return new CreateJobInput(key, Request, DateTimeOffset.UtcNow, prepared.Before, null, prepared.MetadataKept);
    }

    [Fact]
    public async Task ActiveJobsCapReached_CreateFailsForGoodAsCapacity_NoJobMade()
    {
        await using var rig = await ProviderRig.StartAsync(Capped(active: 2));
        rig.State.CreateJob(Request, null);
        rig.State.CreateJob(Request, null);
        var input = await InputAsync(rig, "wf-capacity-1");

        var attempt = new ActivityAttempt();
        var refused = await Assert.ThrowsAsync<ApplicationFailureException>(() => attempt.RunAsync(() => rig.Activities.CreateJobAsync(input)));

        Assert.Equal(ProviderErrorTypes.ActiveJobLimit, refused.ErrorType);
        Assert.True(refused.NonRetryable);
        Assert.EndsWith("No job was created.", refused.Message, StringComparison.Ordinal);
        Assert.Contains("maximum number of active fine-tuning jobs (2)", refused.Message, StringComparison.Ordinal);
        var details = refused.Details.ElementAt<FineTuneWorkflows.Activities.ProviderErrorDetails>(0);
        Assert.Equal(429, details.StatusCode);
        Assert.Equal("rate_limit_exceeded", details.Code);
        Assert.Equal(new CreateProgress(1, CreateStage.Refused), attempt.LastDetails);
        Assert.Equal(2, rig.State.JobsCreated);
        Assert.Equal(0, rig.State.JobsCreatedFor("wf-capacity-1"));
        Assert.Equal(1, rig.State.Stats().CapacityRefusals);
    }

    [Fact]
    public async Task DailyCapReached_CreateFailsForGoodAsDailyLimit()
    {
        await using var rig = await ProviderRig.StartAsync(Capped(daily: 1));
        rig.State.CreateJob(Request, null);
        var input = await InputAsync(rig, "wf-capacity-2");

        var refused = await Assert.ThrowsAsync<ApplicationFailureException>(() => new ActivityAttempt().RunAsync(() => rig.Activities.CreateJobAsync(input)));

        Assert.Equal(ProviderErrorTypes.DailyCreateLimit, refused.ErrorType);
        Assert.True(refused.NonRetryable);
        Assert.Equal(1, rig.State.JobsCreated);
    }

    [Fact]
    public async Task FirstVersionInput_CapacityRefusal_StaysRetryable()
    {
        await using var rig = await ProviderRig.StartAsync(Capped(active: 1));
        rig.State.CreateJob(Request, null);

        // The first version scheduled its creates with no record of the provider's list.
        var input = new CreateJobInput("wf-capacity-3", Request, DateTimeOffset.UtcNow);
        var refused = await Assert.ThrowsAsync<ApplicationFailureException>(() => new ActivityAttempt().RunAsync(() => rig.Activities.CreateJobAsync(input)));

        Assert.Equal(ProviderErrorTypes.ActiveJobLimit, refused.ErrorType);
        Assert.False(refused.NonRetryable);
        Assert.DoesNotContain("No job was created", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RoomMadeByAJobEnding_TheNextCreateGoesThrough()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 12, 2, 10, 0, 0, TimeSpan.Zero));
        await using var rig = await ProviderRig.StartAsync(Capped(active: 1), clock);
        rig.State.CreateJob(Request, null);
        var refused = await Assert.ThrowsAsync<ApplicationFailureException>(
            async () => await new ActivityAttempt().RunAsync(async () => await rig.Activities.CreateJobAsync(await InputAsync(rig, "wf-capacity-4"))));

        // The other job's three one-hour phases are over.
        clock.Advance(TimeSpan.FromHours(3) + TimeSpan.FromSeconds(1));
        var created = await new ActivityAttempt().RunAsync(async () => await rig.Activities.CreateJobAsync(await InputAsync(rig, "wf-capacity-4")));

        Assert.Equal(ProviderErrorTypes.ActiveJobLimit, refused.ErrorType);
        Assert.False(created.Adopted);
        Assert.Equal(1, rig.State.JobsCreatedFor("wf-capacity-4"));
        Assert.Equal(1, rig.State.Stats().PeakActiveJobs[Request.Model]);
    }
}
