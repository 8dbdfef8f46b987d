using FineTuneWorkflows.Activities.Creation;
using FineTuneWorkflows.Activities.Provider;
using FineTuneWorkflows.Activities.Results;
using FineTuneWorkflows.Bench.Timing;
using FineTuneWorkflows.Simulator;
using FineTuneWorkflows.Simulator.Hosting;
using FineTuneWorkflows.Wire;
using FineTuneWorkflows.Workflows;
using Microsoft.Extensions.Options;
using Temporalio.Exceptions;
using Temporalio.Testing;

namespace FineTuneWorkflows.Bench.Capacity;

/// <summary>What one fine-tune spent waiting for room at the provider, beyond what a fine-tune with room spends.</summary>
/// <param name="Waited">From the first refusal to the create that went through (virtual time).</param>
/// <param name="Refusals">Creates refused for want of room.</param>
/// <param name="Actions">Billable actions of the refused cycles: each a CreateJob attempt and the timer, and once the status upsert.</param>
/// <param name="Calls">Requests the simulator counted in those cycles.</param>
/// <param name="LateBy">From the moment there was room (the other job's end, or midnight UTC) to our create.</param>
public sealed record CapacitySpend(TimeSpan Waited, int Refusals, int Actions, long Calls, TimeSpan LateBy);

/// <summary>
/// One fine-tune against the simulator with a cap reached, in stepped virtual time, waiting as the
/// workflow does: the real PrepareCreate (once) and CreateJob activities (through ActivityEnvironment)
/// over loopback HTTP, and between refusals the timer <see cref="CapacityPolicy"/> gives (its jitter
/// drawn from the workflow id, as the workflow draws it).
/// </summary>
public static class CapacityWait
{
    private static readonly CreateFineTuningJobRequest Request = new() { Model = "gpt-4o-mini-2024-07-18", TrainingFile = "file-train" };

    /// <param name="start">When the fine-tune is submitted (a daily cap lifts at midnight UTC).</param>
    /// <param name="blockedFor">How long the other client's job holds the only slot; null for a daily cap already spent.</param>
    public static async Task<CapacitySpend> RunAsync(DateTimeOffset start, TimeSpan? blockedFor, string workflowId)
    {
        using var clock = new SteppedClock(start);
        var options = new SimulatorOptions { ValidatingFiles = TimeSpan.FromSeconds(1), Queued = TimeSpan.FromSeconds(1), Running = (blockedFor ?? TimeSpan.FromHours(1)) - TimeSpan.FromSeconds(2) };
        if (blockedFor is null)
        {
            options.MaxDailyCreates = 1;
        }
        else
        {
            options.MaxActiveJobs = 1;
        }

        await using var simulator = await SimulatorHost.StartAsync(options, clock);
        simulator.State.CreateJob(Request, null);
        using var http = new HttpClient();
        var providerOptions = new ProviderOptions { Kind = ProviderKind.OpenAI, BaseUrl = simulator.BaseUrl, ApiKey = "sk-bench-0123456789", CreateSettleTime = TimeSpan.Zero };
        var client = new FineTuningClient(http, Options.Create(providerOptions), TimeProvider.System);
        var activities = new CreationActivities(client, new LocalFolderArtifactStore(Options.Create(new ArtifactOptions { Folder = Path.GetTempPath() })), clock);

        var roomAt = blockedFor is { } blocked ? start + blocked : new DateTimeOffset(start.UtcDateTime.Date.AddDays(1), TimeSpan.Zero);
        CapacitySpend? spent = null;
        await clock.RunAsync([async () => spent = await WaitAsync(activities, simulator.State, clock, workflowId, roomAt)], stallLimit: TimeSpan.FromSeconds(60));
        return spent!;
    }

    private static async Task<CapacitySpend> WaitAsync(CreationActivities activities, SimulatorState state, TimeProvider clock, string workflowId, DateTimeOffset roomAt)
    {
        var environment = new ActivityEnvironment();
        var prepared = await environment.RunAsync(() => activities.PrepareCreateAsync(new PrepareCreateInput(workflowId, Request, null, null, null)));
        var input = new CreateJobInput(workflowId, Request, clock.GetUtcNow(), prepared.Before, null, prepared.MetadataKept);
        var calls = state.TotalCalls;
        DateTimeOffset? firstRefusal = null;
        var refusals = 0;
        while (true)
        {
            var cycleCalls = state.TotalCalls;
            try
            {
                await environment.RunAsync(() => activities.CreateJobAsync(input));
                var waited = firstRefusal is { } first ? clock.GetUtcNow() - first : TimeSpan.Zero;
                return new CapacitySpend(waited, refusals, refusals == 0 ? 0 : (refusals * 2) + 1, cycleCalls - calls, clock.GetUtcNow() - roomAt);
            }
            catch (ApplicationFailureException e) when (ProviderErrorTypes.IsCapacity(e.ErrorType))
            {
                // As the workflow goes on: the same create, which first looks for a job the refused one made.
                input = input with { RefusedForRoomAt = clock.GetUtcNow() };
                firstRefusal ??= clock.GetUtcNow();
                refusals++;
                var delay = CapacityPolicy.Delay(e.ErrorType!, refusals - 1, clock.GetUtcNow(), e.NextRetryDelay, CapacityPolicy.Jitter(workflowId, refusals));
                await Task.Delay(delay, clock);
            }
        }
    }
}
