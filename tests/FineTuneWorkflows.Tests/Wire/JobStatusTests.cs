using FineTuneWorkflows.Wire;

namespace FineTuneWorkflows.Tests.Wire;

public class JobStatusTests
{
    [Theory]
    [InlineData("validating_files", JobStatus.ValidatingFiles)]
    [InlineData("queued", JobStatus.Queued)]
    [InlineData("running", JobStatus.Running)]
    [InlineData("succeeded", JobStatus.Succeeded)]
    [InlineData("failed", JobStatus.Failed)]
    [InlineData("cancelled", JobStatus.Cancelled)]
    [InlineData("pausing", JobStatus.Pausing)]
    [InlineData("paused", JobStatus.Paused)]
    [InlineData("created", JobStatus.Queued)]
    [InlineData("pending", JobStatus.Queued)]
    [InlineData("notRunning", JobStatus.Queued)]
    [InlineData("canceled", JobStatus.Cancelled)]
    [InlineData("JOB_STATE_PENDING", JobStatus.Queued)]
    [InlineData("JOB_STATE_RUNNING", JobStatus.Running)]
    [InlineData("JOB_STATE_SUCCEEDED", JobStatus.Succeeded)]
    [InlineData("JOB_STATE_FAILED", JobStatus.Failed)]
    [InlineData("JOB_STATE_CANCELLED", JobStatus.Cancelled)]
    [InlineData("JOB_STATE_CANCELLING", JobStatus.Cancelling)]
    [InlineData(" Running ", JobStatus.Running)]
    [InlineData(null, JobStatus.Unknown)]
    [InlineData("", JobStatus.Unknown)]
    [InlineData("Defrosting", "defrosting")]
    public void Normalize_ProviderSpelling_MapsToTheOpenAIStatus(string? raw, string expected) =>
        Assert.Equal(expected, JobStatus.Normalize(raw));

    [Theory]
    [InlineData(JobStatus.Succeeded, true)]
    [InlineData(JobStatus.Failed, true)]
    [InlineData(JobStatus.Cancelled, true)]
    [InlineData(JobStatus.ValidatingFiles, false)]
    [InlineData(JobStatus.Queued, false)]
    [InlineData(JobStatus.Running, false)]
    [InlineData(JobStatus.Paused, false)]
    [InlineData(JobStatus.Cancelling, false)]
    [InlineData(JobStatus.Unknown, false)]
    [InlineData("defrosting", false)]
    public void IsTerminal_EachStatus_OnlyFinalOnesAreTerminal(string status, bool terminal) =>
        Assert.Equal(terminal, JobStatus.IsTerminal(status));
}
