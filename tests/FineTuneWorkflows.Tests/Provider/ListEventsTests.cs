using FineTuneWorkflows.Tests.Activities;
using FineTuneWorkflows.Tests.Support;

namespace FineTuneWorkflows.Tests.Provider;

/// <summary>The client's events list against the simulator: newest first, and paged by the provider's cursor without a gap or a repeat.</summary>
public class ListEventsTests
{
    [Fact]
    public async Task ListEvents_PagedByCursor_GivesTheWholeListOnceNewestFirst()
    {
        await using var rig = await ProviderRig.StartAsync();
        var ct = TestContext.Current.CancellationToken;
        var job = await rig.Client.CreateJobAsync(new() { Model = "gpt-4o-mini", TrainingFile = "file-a" }, ct);
        job = await WaitForStatusChangeActivityTests.WaitUntilFinalAsync(rig, job);

        var whole = (await rig.Client.ListEventsAsync(job.Id, limit: 100, cancellationToken: ct)).Data;
        var paged = new List<string>();
        string? after = null;
        // Bounded, so a cursor the client ignored fails the test instead of looping for ever.
        for (var pages = 0; pages <= whole.Count; pages++)
        {
            var page = await rig.Client.ListEventsAsync(job.Id, after, limit: 2, cancellationToken: ct);
            Assert.True(page.Data.Count <= 2);
            paged.AddRange(page.Data.Select(e => e.Id));
            if (!page.HasMore)
            {
                break;
            }

            after = page.Data[^1].Id;
        }

        // A finished job has at least: created, validating, running, a step, succeeded.
        Assert.True(whole.Count >= 5, $"only {whole.Count} events");
        Assert.Equal(whole.Select(e => e.Id), paged);
        Assert.Equal(whole.Count, paged.Distinct().Count());
        Assert.Equal(whole.Select(e => e.CreatedAt).OrderByDescending(t => t), whole.Select(e => e.CreatedAt));
    }
}
