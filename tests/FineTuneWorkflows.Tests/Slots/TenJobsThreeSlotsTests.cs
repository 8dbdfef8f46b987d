using FineTuneWorkflows.Activities.Creation;
using FineTuneWorkflows.Tests.Simulator;
using FineTuneWorkflows.Tests.Support;
using FineTuneWorkflows.Wire;
using FineTuneWorkflows.Workflows.Slots;

namespace FineTuneWorkflows.Tests.Slots;

/// <summary>
/// Ten fine-tunes, three slots, a provider that allows three active jobs: the slot rule
/// (<see cref="SlotBook"/>, as the limiter workflow applies it) with the real PrepareCreate and
/// CreateJob activities over loopback HTTP against the simulator, on a manual clock. The
/// workflows themselves need a Temporal server; the same run through them is
/// <c>CapacityLiveTests.Live_TenJobsThreeSlots_…</c>, skipped here. Each fine-tune follows the
/// workflow's order: ask for a slot; when granted, prepare and create; watch the job to its end;
/// give the slot back only then.
/// </summary>
public class TenJobsThreeSlotsTests
{
    private const string Model = "gpt-4o-mini-2024-07-18";
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(5);

    private enum Stage { InLine, Granted, Watching, Done, Cancelled }

    private sealed class FineTune(string id, int arrival)
    {
        public string Id { get; } = id;

        public int Arrival { get; } = arrival;

        public Stage Stage { get; set; } = Stage.InLine;

        public string? JobId { get; set; }
    }

    [Fact]
    public async Task TenFineTunes_ThreeSlots_AllSucceedInArrivalOrder_NeverMoreThanThreeActive_ACancelInLineLeavesTheLine()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 12, 2, 9, 0, 0, TimeSpan.Zero));
        var simulator = ProviderRig.QuickJobs(TimeSpan.FromSeconds(20));
        simulator.MaxActiveJobs = 3;
        await using var rig = await ProviderRig.StartAsync(simulator, clock);
        var book = SlotBook.Empty(3);
        var fineTunes = Enumerable.Range(0, 11).Select(n => new FineTune($"fine-tune-{n:D2}", n)).ToList();
        foreach (var fineTune in fineTunes)
        {
            (book, var granted) = book.Request(fineTune.Id, 3);
            Grant(fineTunes, granted);
        }

        // The eleventh is cancelled while in line: it leaves the line (its Release) and passes no
        // slot on. That its workflow calls no provider is held by the replay of slot-cancel-in-line
        // (no activity after the cancel); here, that the other ten are not held up by it.
        var cancelled = fineTunes[^1];
        (book, var passedOn) = book.Release(cancelled.Id);
        cancelled.Stage = Stage.Cancelled;
        Assert.Empty(passedOn);
        Assert.DoesNotContain(cancelled.Id, book.Waiting);

        var createdOrder = new List<int>();
        for (var tick = 0; tick < 200 && fineTunes.Any(f => f.Stage is Stage.InLine or Stage.Granted or Stage.Watching); tick++)
        {
            foreach (var fineTune in fineTunes.Where(f => f.Stage == Stage.Granted).ToList())
            {
                var request = new CreateFineTuningJobRequest { Model = Model, TrainingFile = "file-train", Suffix = $"n{fineTune.Arrival}" };
                var prepared = await new ActivityAttempt().RunAsync(() => rig.Creation.PrepareCreateAsync(new PrepareCreateInput(fineTune.Id, request, null, null, null)));
                var created = await new ActivityAttempt().RunAsync(() => rig.Creation.CreateJobAsync(new CreateJobInput(fineTune.Id, request, clock.GetUtcNow(), prepared.Before, null, prepared.MetadataKept)));
                fineTune.JobId = created.Job.Id;
                fineTune.Stage = Stage.Watching;
                createdOrder.Add(fineTune.Arrival);
            }

            clock.Advance(Tick);
            foreach (var fineTune in fineTunes.Where(f => f.Stage == Stage.Watching).ToList())
            {
                var job = await rig.Client.RetrieveJobAsync(fineTune.JobId!, TestContext.Current.CancellationToken);
                if (JobStatus.IsTerminal(JobStatus.Normalize(job.Status)))
                {
                    Assert.Equal(JobStatus.Succeeded, job.Status);
                    fineTune.Stage = Stage.Done;
                    (book, var granted) = book.Release(fineTune.Id);
                    Grant(fineTunes, granted);
                }
            }
        }

        var stats = rig.State.Stats();
        Assert.All(fineTunes[..^1], f => Assert.Equal(Stage.Done, f.Stage));
        Assert.Equal(Enumerable.Range(0, 10), createdOrder);
        Assert.Equal(10, stats.JobsCreated);
        Assert.Equal(3, stats.PeakActiveJobs[Model]);
        Assert.Equal(0, stats.CapacityRefusals);
        Assert.Equal(0, rig.State.JobsCreatedFor(cancelled.Id));
        Assert.True(book.IsIdle);
    }

    private static void Grant(List<FineTune> fineTunes, IReadOnlyList<string> granted)
    {
        foreach (var id in granted)
        {
            var fineTune = fineTunes.Single(f => f.Id == id);
            Assert.Equal(Stage.InLine, fineTune.Stage);
            fineTune.Stage = Stage.Granted;
        }
    }
}
