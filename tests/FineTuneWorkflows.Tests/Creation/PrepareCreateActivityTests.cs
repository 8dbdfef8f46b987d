using FineTuneWorkflows.Activities;
using FineTuneWorkflows.Activities.Creation;
using FineTuneWorkflows.Activities.Polling;
using FineTuneWorkflows.Activities.Provider;
using FineTuneWorkflows.Tests.Support;
using FineTuneWorkflows.Wire;
using Temporalio.Exceptions;

namespace FineTuneWorkflows.Tests.Creation;

/// <summary>Everything checked before a create can spend money, and what the provider listed then.</summary>
public class PrepareCreateActivityTests
{
    private static readonly CreateFineTuningJobRequest Request = new() { Model = "gpt-4o-mini", TrainingFile = "file-train1" };

    [Fact]
    public async Task Prepare_JobsExist_RecordsTheNewestSecondsJobs()
    {
        await using var rig = await ProviderRig.StartAsync();
        var older = await rig.Client.CreateJobAsync(Request, TestContext.Current.CancellationToken);
        var newer = await rig.Client.CreateJobAsync(Request, TestContext.Current.CancellationToken);

        var prepared = await new ActivityAttempt().RunAsync(() => rig.Creation.PrepareCreateAsync(new("wf-1", Request, null, null)));

        // Made within the same second: both are the newest, both listed.
        Assert.Equal([newer.Id, older.Id], prepared.Before.Ids);
        Assert.Equal(newer.CreatedAt, prepared.Before.NewestCreatedAt);
        Assert.Equal(0, rig.State.JobsCreated - 2);
    }

    [Fact]
    public async Task Prepare_WithLocalLimits_NamesTheProviderAndTheModelsLimit()
    {
        await using var rig = await ProviderRig.StartAsync();
        rig.Options.Limits.Default = 5;
        rig.Options.Limits.Models["gpt-4o-mini"] = 2;

        var limited = await new ActivityAttempt().RunAsync(() => rig.Creation.PrepareCreateAsync(new("wf-1", Request, null, null)));
        var other = await new ActivityAttempt().RunAsync(() => rig.Creation.PrepareCreateAsync(new("wf-2", Request with { Model = "gpt-4.1-mini" }, null, null)));

        Assert.Equal(2, limited.SlotLimit);
        Assert.Equal(5, other.SlotLimit);
        Assert.Equal("openai", limited.Provider);
    }

    [Fact]
    public async Task Prepare_WithoutLimits_HasNone()
    {
        await using var rig = await ProviderRig.StartAsync();

        var prepared = await new ActivityAttempt().RunAsync(() => rig.Creation.PrepareCreateAsync(new("wf-1", Request, null, null)));

        Assert.Null(prepared.SlotLimit);
    }

    [Fact]
    public async Task Prepare_NoJobsYet_RecordsAnEmptyList()
    {
        await using var rig = await ProviderRig.StartAsync();

        var prepared = await new ActivityAttempt().RunAsync(() => rig.Creation.PrepareCreateAsync(new("wf-1", Request, null, null)));

        Assert.Equal(new JobsBefore([], null), prepared.Before with { Ids = [] });
        Assert.Empty(prepared.Before.Ids);
    }

    [Fact]
    public async Task Prepare_UnusablePollPolicy_IsRefusedBeforeAnyCall()
    {
        await using var rig = await ProviderRig.StartAsync();
        var bad = PollPolicy.Default with { MinInterval = TimeSpan.Zero };

        var refused = await Assert.ThrowsAsync<ApplicationFailureException>(() =>
            new ActivityAttempt().RunAsync(() => rig.Creation.PrepareCreateAsync(new("wf-1", Request, bad, null))));

        Assert.True(refused.NonRetryable);
        Assert.Equal(InvalidRequestException.ErrorType, refused.ErrorType);
        Assert.Contains("poll_policy", refused.Message, StringComparison.Ordinal);
        Assert.Equal(0, rig.State.TotalCalls);
    }

    [Fact]
    public async Task Prepare_ArtifactFolderOutsideTheWorkersFolder_IsRefusedBeforeAnyCall()
    {
        await using var rig = await ProviderRig.StartAsync();

        var refused = await Assert.ThrowsAsync<ApplicationFailureException>(() =>
            new ActivityAttempt().RunAsync(() => rig.Creation.PrepareCreateAsync(new("wf-1", Request, null, "../../elsewhere"))));

        Assert.True(refused.NonRetryable);
        Assert.Contains("outside the worker's Artifacts:Folder", refused.Message, StringComparison.Ordinal);
        Assert.Equal(0, rig.State.TotalCalls);
    }

    [Fact]
    public async Task Prepare_ArtifactFolderCannotBeWritten_FailsSayingWhereBeforeAnyCall()
    {
        await using var rig = await ProviderRig.StartAsync();
        Directory.CreateDirectory(rig.ArtifactRoot);
        await File.WriteAllTextAsync(Path.Combine(rig.ArtifactRoot, "taken"), "a file where the folder should be", TestContext.Current.CancellationToken);

        var refused = await Assert.ThrowsAsync<IOException>(() =>
            new ActivityAttempt().RunAsync(() => rig.Creation.PrepareCreateAsync(new("wf-1", Request, null, "taken"))));

        Assert.Contains("Artifacts:Folder", refused.Message, StringComparison.Ordinal);
        Assert.Equal(0, rig.State.TotalCalls);
    }

    [Theory]
    [InlineData("training_file")]
    [InlineData("metadata")]
    public async Task Prepare_RequestTheCreateWouldRefuse_IsRefusedBeforeAnyCall(string field)
    {
        await using var rig = await ProviderRig.StartAsync();
        var bad = field == "training_file"
            ? Request with { TrainingFile = "a/b" }
            : Request with { Metadata = Enumerable.Range(0, 16).ToDictionary(i => $"k{i}", _ => "v") };

        var refused = await Assert.ThrowsAsync<ApplicationFailureException>(() =>
            new ActivityAttempt().RunAsync(() => rig.Creation.PrepareCreateAsync(new("wf-1", bad, null, null))));

        Assert.True(refused.NonRetryable);
        Assert.Contains(field, refused.Message, StringComparison.Ordinal);
        Assert.Equal(0, rig.State.TotalCalls);
    }

    [Fact]
    public async Task Prepare_WrongKey_FailsForGood()
    {
        // No create has been sent: nothing can be running, so a refusal is final here.
        await using var rig = await ProviderRig.StartAsync();
        rig.State.InjectFault("GET", "/v1/fine_tuning/jobs", "401", 1);

        var refused = await Assert.ThrowsAsync<ApplicationFailureException>(() =>
            new ActivityAttempt().RunAsync(() => rig.Creation.PrepareCreateAsync(new("wf-1", Request, null, null))));

        Assert.True(refused.NonRetryable);
        Assert.Equal(ProviderErrorTypes.AuthenticationFailed, refused.ErrorType);
    }

    [Fact]
    public async Task Prepare_NullInput_IsRefusedByName()
    {
        await using var rig = await ProviderRig.StartAsync();

        var refused = await Assert.ThrowsAsync<ArgumentNullException>(() => new ActivityAttempt().RunAsync(() => rig.Creation.PrepareCreateAsync(null!)));

        Assert.Equal("input", refused.ParamName);
    }

    [Fact]
    public async Task Prepare_PollPolicyWithTwoProblems_NamesBoth()
    {
        await using var rig = await ProviderRig.StartAsync();
        var bad = PollPolicy.Default with { MinInterval = TimeSpan.Zero, QuickFraction = 2 };

        var refused = await Assert.ThrowsAsync<ApplicationFailureException>(() =>
            new ActivityAttempt().RunAsync(() => rig.Creation.PrepareCreateAsync(new("wf-1", Request, bad, null))));

        Assert.Equal("poll_policy: MinInterval must be positive; QuickFraction and ElapsedFraction must be in (0, 1]", refused.Message);
    }

    /// <summary>
    /// A caller's key that a job already carries, made long ago and far down the provider's list:
    /// where the provider keeps metadata it finds the job by the key itself, and the fine-tune is
    /// refused before it could buy a second job under one key.
    /// </summary>
    [Fact]
    public async Task Prepare_KeyOnAJobFarDownTheList_IsFoundByTheProvidersFilterAndRefused()
    {
        await using var rig = await ProviderRig.StartAsync();
        const string key = "dataset-2026-03";
        var taken = rig.State.CreateJob(JobIdentity.Mark(Request, key), key);
        for (var i = 0; i < 120; i++)
        {
            rig.State.CreateJob(Request with { TrainingFile = "file-other" }, null);
        }

        var refused = await Assert.ThrowsAsync<ApplicationFailureException>(() =>
            new ActivityAttempt().RunAsync(() => rig.Creation.PrepareCreateAsync(new(key, Request, null, null))));

        Assert.Equal(CreationActivities.KeyInUseError, refused.ErrorType);
        Assert.True(refused.NonRetryable);
        Assert.Equal(
            $"Job {taken.Id} already carries this fine-tune's idempotency key (or the seed it derives): the key names one job only. Use a new key for a new fine-tune. No job was created.",
            refused.Message);
        Assert.Equal(new ProviderErrorDetails("idempotency_key_in_use", null, "idempotency_key", null), refused.Details.ElementAt<ProviderErrorDetails>(0));
        Assert.Equal(121, rig.State.JobsCreated);
    }
}
