using CsCheck;
using FineTuneWorkflows.Activities.Creation;
using FineTuneWorkflows.Tests.Support;
using FineTuneWorkflows.Wire;

namespace FineTuneWorkflows.Tests.Creation;

/// <summary>
/// Seeded random schedules against the real activities and the simulator over real HTTP, each
/// driven through Temporal's attempt rules (<see cref="AttemptLoop"/>), hunting for a path on
/// which a submitted fine-tune buys two jobs, takes another's, or leaves one unwatched. After
/// every schedule: at most one job carries our key, the job we follow is ours, and every job of
/// ours is followed, cancelled, or named in a failure a person must act on.
/// </summary>
public class CreatePropertyTests
{
    /// <summary>At least this many schedules run on every build.</summary>
    public const int Schedules = 500;

    /// <summary>
    /// The schedules this run tries: <see cref="Schedules"/>, unless <c>FTW_PROPERTY_SCHEDULES</c>
    /// asks for another count. Mutation testing (mutation/run.sh) asks for fewer, because it runs
    /// this test once for every mutant it reaches; builds leave it unset.
    /// </summary>
    private static int Count => int.TryParse(Environment.GetEnvironmentVariable("FTW_PROPERTY_SCHEDULES"), out var count) && count > 0 ? count : Schedules;

    /// <summary>
    /// The builds' seed, so that every build tries the same schedules; it is the seed of the run
    /// that found a job of another client adopted (fixed since). <c>FTW_PROPERTY_SEED=random</c>
    /// explores new ones; any seed a failure prints replays it.
    /// </summary>
    public const string BuildSeed = "95Dh_KeLaWB7";

    [Fact]
    public async Task Create_UnderRandomFaultSchedules_MakesAtMostOneJobPerKeyAndNeverLosesOne()
    {
        var tried = 0;
        await using var rig = await ProviderRig.StartAsync();
        await CreateSchedule.Any.SampleAsync(
            async schedule =>
            {
                Interlocked.Increment(ref tried);
                await RunAsync(rig, schedule, tried);
            },
            iter: Count,
            threads: 1,
            seed: Seed,
            print: s => s.ToString());

        RunReport.Line($"create property: {tried} schedules tried (seed {Seed ?? "random"}), no violation");
        Assert.True(tried >= Count, $"only {tried} schedules ran");
    }

    private static string? Seed => Environment.GetEnvironmentVariable("FTW_PROPERTY_SEED") switch
    {
        null or "" => BuildSeed,
        "random" => null,
        var given => given,
    };

    /// <summary>
    /// How long a create may land after it went out (the rig's settle time): past the 200 ms the
    /// loop's attempts wait for a call, so a late job lands after its caller gave up, and before
    /// a retry may send a second create.
    /// </summary>
    private static readonly TimeSpan SettleTime = TimeSpan.FromMilliseconds(400);

    private static readonly TimeSpan LandsAfter = TimeSpan.FromMilliseconds(300);

    private static async Task RunAsync(ProviderRig rig, CreateSchedule schedule, int number)
    {
        var state = rig.State;
        rig.Options.CreateSettleTime = SettleTime;
        state.ClearFaults();
        rig.DropMetadata(schedule.DropMetadata);
        rig.Simulator.Options.ApiKey = ProviderRig.ApiKey;

        // A training file of its own, so every identical job in play is this schedule's.
        var request = new CreateFineTuningJobRequest { Model = "gpt-4o-mini", TrainingFile = $"file-p{number}", Seed = schedule.UserSeed ? 42 : null };
        var key = $"wf-{Guid.NewGuid():N}";
        for (var i = 0; i < schedule.OthersBefore; i++)
        {
            await rig.Client.CreateJobAsync(request, TestContext.Current.CancellationToken);
        }

        var prepared = await new ActivityAttempt().RunAsync(() => rig.Creation.PrepareCreateAsync(new PrepareCreateInput(key, request, null, null)));
        for (var i = 0; i < schedule.OthersBetween; i++)
        {
            await rig.Client.CreateJobAsync(request, TestContext.Current.CancellationToken);
        }

        var input = new CreateJobInput(key, request, DateTimeOffset.UtcNow, prepared.Before);
        var plan = (int attempt) => attempt <= schedule.Attempts.Count ? schedule.Attempts[attempt - 1] : AttemptPlan.Clean;
        var ended = await AttemptLoop.RunAsync(
            rig.Creation.CreateJobAsync,
            input,
            plan,
            attempt => Arrange(rig, plan(attempt)),
            attempt =>
            {
                state.ClearFaults();
                rig.Simulator.Options.ApiKey = ProviderRig.ApiKey;
                if (attempt == schedule.OtherAfterAttempt)
                {
                    rig.Client.CreateJobAsync(request, TestContext.Current.CancellationToken).GetAwaiter().GetResult();
                }
            });

        // A cancel at any moment while creating: the create runs to its end, and the job is then cancelled.
        if (ended.Output is { } created && schedule.CancelAfterAttempt > 0 && schedule.CancelAfterAttempt <= ended.Attempts)
        {
            var cancelled = await new ActivityAttempt().RunAsync(() => rig.Cancel.CancelJobAsync(new(created.Job.Id)));
            Assert.True(JobStatus.IsTerminal(JobStatus.Normalize(cancelled.Job.Status)), $"{schedule}: job {created.Job.Id} still {cancelled.Job.Status} after its cancel");
        }

        var ours = state.Jobs.Where(j => state.IdempotencyKeyOf(j.Id) == key).ToList();
        Assert.True(ours.Count <= 1, $"{schedule}: {ours.Count} jobs carry key {key}");
        Assert.All(ended.StalledFailures, f => Assert.Equal(GuardedCalls.StalledError, f));
        if (ended.Output is { } output)
        {
            Assert.True(state.IdempotencyKeyOf(output.Job.Id) == key, $"{schedule}: adopted {output.Job.Id}, which is not ours (key {state.IdempotencyKeyOf(output.Job.Id) ?? "none: another client's"})");
            Assert.Equal(ours.Single().Id, output.Job.Id);
        }
        else
        {
            var failure = ended.Failure!;
            Assert.True(
                ours.Count == 0 || (failure.ErrorType == "FineTuneJobAmbiguous" && failure.Message.Contains(ours[0].Id, StringComparison.Ordinal)),
                $"{schedule}: failed ({failure.ErrorType}: {failure.Message}) while job {ours.FirstOrDefault()?.Id} of ours is neither followed nor named");
            Assert.True(ours.Count > 0 || failure.ErrorType != "FineTuneJobAmbiguous" || failure.Message.Contains("Candidates", StringComparison.Ordinal), $"{schedule}: {failure.Message}");
        }
    }

    private static void Arrange(ProviderRig rig, AttemptPlan plan)
    {
        const string jobs = "/v1/fine_tuning/jobs";
        switch (plan.Create)
        {
            case CreateFault.LoseResponse: rig.State.InjectFault("POST", jobs, "lose-response", 1); break;
            case CreateFault.ServerError: rig.State.InjectFault("POST", jobs, "500", 1); break;
            case CreateFault.BadGateway: rig.State.InjectFault("POST", jobs, "502-html", 1); break;
            case CreateFault.RateLimited: rig.State.InjectFault("POST", jobs, "429;retry-after=0.05", 1); break;
            case CreateFault.Slow: rig.State.InjectFault("POST", jobs, "slow=5000", 1); break;
            case CreateFault.LandsLate: rig.State.InjectFault("POST", jobs, $"late={LandsAfter.TotalMilliseconds:0}", 1); break;
        }

        switch (plan.List)
        {
            case ListFault.ServerError: rig.State.InjectFault("GET", jobs, "500", 1); break;
            case ListFault.RateLimited: rig.State.InjectFault("GET", jobs, "429;retry-after=0.05", 1); break;
        }

        if (plan.KeyRotated)
        {
            rig.Simulator.Options.ApiKey = "sk-rotated-elsewhere";
        }
    }
}
