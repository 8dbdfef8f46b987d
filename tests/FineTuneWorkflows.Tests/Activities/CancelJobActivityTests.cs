using FineTuneWorkflows.Tests.Support;
using FineTuneWorkflows.Wire;

namespace FineTuneWorkflows.Tests.Activities;

public class CancelJobActivityTests
{
    [Fact]
    public async Task CancelJob_RunningJob_IsCancelled()
    {
        await using var rig = await ProviderRig.StartAsync(ProviderRig.QuickJobs(TimeSpan.FromHours(1)));
        var job = await rig.Client.CreateJobAsync(new() { Model = "gpt-4o-mini", TrainingFile = "file-a" }, TestContext.Current.CancellationToken);

        var output = await new ActivityAttempt().RunAsync(() => rig.Cancel.CancelJobAsync(new(job.Id)));

        Assert.Equal(JobStatus.Cancelled, output.Job.Status);
        Assert.Equal(JobStatus.Cancelled, (await rig.Client.RetrieveJobAsync(job.Id, TestContext.Current.CancellationToken)).Status);
    }

    [Fact]
    public async Task CancelJob_Twice_ReportsTheFinalStatusBothTimes()
    {
        await using var rig = await ProviderRig.StartAsync(ProviderRig.QuickJobs(TimeSpan.FromHours(1)));
        var job = await rig.Client.CreateJobAsync(new() { Model = "gpt-4o-mini", TrainingFile = "file-a" }, TestContext.Current.CancellationToken);

        await new ActivityAttempt().RunAsync(() => rig.Cancel.CancelJobAsync(new(job.Id)));
        var again = await new ActivityAttempt(attempt: 2).RunAsync(() => rig.Cancel.CancelJobAsync(new(job.Id)));

        Assert.Equal(JobStatus.Cancelled, again.Job.Status);
    }

    [Fact]
    public async Task CancelJob_JobThatAlreadySucceeded_ReportsSucceeded()
    {
        await using var rig = await ProviderRig.StartAsync();
        var job = await rig.Client.CreateJobAsync(new() { Model = "gpt-4o-mini", TrainingFile = "file-a" }, TestContext.Current.CancellationToken);
        await WaitForStatusChangeActivityTests.WaitUntilFinalAsync(rig, job);

        var output = await new ActivityAttempt().RunAsync(() => rig.Cancel.CancelJobAsync(new(job.Id)));

        Assert.Equal(JobStatus.Succeeded, output.Job.Status);
        Assert.NotNull(output.Job.FineTunedModel);
    }
}
