using FineTuneWorkflows.Activities.Provider;
using FineTuneWorkflows.Tests.Support;
using FineTuneWorkflows.Wire;

namespace FineTuneWorkflows.Tests.Activities;

public class ListEventsActivityTests
{
    private static async Task<(ProviderRig Rig, FineTuningJob Job)> FinishedJobAsync()
    {
        var rig = await ProviderRig.StartAsync();
        var job = await rig.Client.CreateJobAsync(new() { Model = "gpt-4o-mini", TrainingFile = "file-a" }, TestContext.Current.CancellationToken);
        return (rig, await WaitForStatusChangeActivityTests.WaitUntilFinalAsync(rig, job));
    }

    [Fact]
    public async Task ListEvents_NoCursor_ReturnsEveryEventOldestFirst()
    {
        var (rig, job) = await FinishedJobAsync();
        await using var _ = rig;
        var provider = await rig.Client.ListEventsAsync(job.Id, limit: 100, cancellationToken: TestContext.Current.CancellationToken);

        var output = await new ActivityAttempt().RunAsync(() => rig.Activities.ListEventsAsync(new(job.Id)));

        Assert.Equal(provider.Data.Select(e => e.Id).Reverse(), output.Events.Select(e => e.Id));
        Assert.True(output.Events.Count >= 5);
        Assert.Equal(output.Events[^1].Id, output.Cursor);
        Assert.False(output.HasMore);
    }

    [Fact]
    public async Task ListEvents_FromACursor_ReturnsOnlyNewerEvents()
    {
        var (rig, job) = await FinishedJobAsync();
        await using var _ = rig;
        var all = (await new ActivityAttempt().RunAsync(() => rig.Activities.ListEventsAsync(new(job.Id)))).Events;
        var cursor = all[2].Id;

        var output = await new ActivityAttempt().RunAsync(() => rig.Activities.ListEventsAsync(new(job.Id, cursor)));

        Assert.Equal(all.Skip(3).Select(e => e.Id), output.Events.Select(e => e.Id));
    }

    [Fact]
    public async Task ListEvents_InSmallBatches_MissesNothingAndRepeatsNothing()
    {
        var (rig, job) = await FinishedJobAsync();
        await using var _ = rig;
        var all = (await new ActivityAttempt().RunAsync(() => rig.Activities.ListEventsAsync(new(job.Id)))).Events.Select(e => e.Id).ToList();

        var collected = new List<string>();
        string? cursor = null;
        bool more;
        do
        {
            var since = cursor;
            var batch = await new ActivityAttempt().RunAsync(() => rig.Activities.ListEventsAsync(new(job.Id, since, MaxEvents: 2)));
            collected.AddRange(batch.Events.Select(e => e.Id));
            cursor = batch.Cursor;
            more = batch.HasMore;
            Assert.True(batch.Events.Count <= 2);
        }
        while (more);

        Assert.Equal(all, collected);
    }
}
