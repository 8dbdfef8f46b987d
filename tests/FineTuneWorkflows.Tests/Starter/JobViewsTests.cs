using System.Text.Json;
using FineTuneWorkflows.Starter.Api;
using FineTuneWorkflows.Starter.Temporal;
using FineTuneWorkflows.Wire;
using Temporalio.Api.Enums.V1;

namespace FineTuneWorkflows.Tests.Starter;

public class JobViewsTests
{
    private const string Id = "ftjob-0123456789abcdef0123456789abcdef";
    private static readonly DateTimeOffset Started = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);

    private static WorkflowFacts Facts(WorkflowExecutionStatus status = WorkflowExecutionStatus.Running, string? jobStatus = null, string? providerJobId = null) =>
        new(Id, status, Started, status == WorkflowExecutionStatus.Running ? null : Started.AddHours(1), "gpt-4o-mini", providerJobId, jobStatus, new JobMemo("file-train", null, "sfx"));

    private static FineTuningJob ProviderJob(string status) => new()
    {
        Id = "ftjob-provider1",
        Object = "fine_tuning.job",
        CreatedAt = 1_700_000_000,
        Model = "gpt-4o-mini-2024-07-18",
        Status = status,
        TrainingFile = "file-train",
        ResultFiles = ["file-result"],
    };

    [Fact]
    public void From_ProviderJob_UsesTheWorkflowIdAndExposesTheProvidersId()
    {
        var view = JobViews.From(Facts(), ProviderJob(JobStatus.Running));

        Assert.Equal(Id, view.Id);
        Assert.Equal("ftjob-provider1", view.Extra![JobViews.ProviderJobIdField].GetString());
        Assert.Equal(JobStatus.Running, view.Status);
        Assert.Equal("gpt-4o-mini-2024-07-18", view.Model);
        Assert.Equal(Started.ToUnixTimeSeconds(), view.CreatedAt);
    }

    [Fact]
    public void From_ProviderJob_SerializesProviderJobIdAsATopLevelField()
    {
        var json = JsonSerializer.Serialize(JobViews.From(Facts(), ProviderJob(JobStatus.Queued)), StarterJson.Default.FineTuningJob);
        using var document = JsonDocument.Parse(json);

        Assert.Equal("ftjob-provider1", document.RootElement.GetProperty("provider_job_id").GetString());
        Assert.Equal(Id, document.RootElement.GetProperty("id").GetString());
        Assert.Equal("fine_tuning.job", document.RootElement.GetProperty("object").GetString());
    }

    [Fact]
    public void From_NoProviderJobYet_IsAValidatingJobFromWhatVisibilityKnows()
    {
        var view = JobViews.From(Facts());

        Assert.Equal(JobStatus.ValidatingFiles, view.Status);
        Assert.Equal("gpt-4o-mini", view.Model);
        Assert.Equal("file-train", view.TrainingFile);
        Assert.Equal("sfx", view.Suffix);
        Assert.Empty(view.ResultFiles!);
        Assert.Null(view.Extra);
        Assert.Null(view.FinishedAt);
    }

    [Fact]
    public void From_NoWorkerAnswered_UsesTheSearchAttributes()
    {
        var view = JobViews.From(Facts(jobStatus: JobStatus.Queued, providerJobId: "ftjob-provider1"));

        Assert.Equal(JobStatus.Queued, view.Status);
        Assert.Equal("ftjob-provider1", view.Extra![JobViews.ProviderJobIdField].GetString());
    }

    [Fact]
    public void From_WaitingForCapacity_IsQueuedAndSaysWhyUntilWhenInTheWireShape()
    {
        var wait = new FineTuneWorkflows.Workflows.CapacityWait(
            "active_jobs", "You have reached the maximum number of active fine-tuning jobs (3)", Started.AddMinutes(1), Started.AddMinutes(6), 2);

        var json = JsonSerializer.Serialize(JobViews.From(Facts(jobStatus: "waiting_for_capacity"), capacity: wait), StarterJson.Default.FineTuningJob);

        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        Assert.Equal("queued", root.GetProperty("status").GetString());
        Assert.False(root.TryGetProperty("provider_job_id", out _));
        var waiting = root.GetProperty("waiting_for_capacity");
        Assert.Equal("active_jobs", waiting.GetProperty("reason").GetString());
        Assert.Equal("You have reached the maximum number of active fine-tuning jobs (3)", waiting.GetProperty("message").GetString());
        // 2025-01-02 03:05:05 and 03:10:05 UTC, in Unix seconds.
        Assert.Equal(1_735_787_105, waiting.GetProperty("since").GetInt64());
        Assert.Equal(1_735_787_405, waiting.GetProperty("next_attempt_at").GetInt64());
        Assert.Equal(2, waiting.GetProperty("refusals").GetInt32());
    }

    [Fact]
    public void From_WaitingForCapacity_WithoutAWorkerAnswering_IsStillQueued()
    {
        var view = JobViews.From(Facts(jobStatus: "waiting_for_capacity"));

        Assert.Equal(JobStatus.Queued, view.Status);
        Assert.Null(view.Extra);
    }

    [Fact]
    public void From_CancelledWhileWaitingForCapacity_IsCancelledWithNoWaitShown()
    {
        var wait = new FineTuneWorkflows.Workflows.CapacityWait("daily_creates", "m", Started, Started.AddHours(5), 1);

        var view = JobViews.From(Facts(WorkflowExecutionStatus.Canceled, jobStatus: "waiting_for_capacity"), capacity: wait);

        Assert.Equal(JobStatus.Cancelled, view.Status);
        Assert.Null(view.Extra);
    }

    [Theory]
    [InlineData(WorkflowExecutionStatus.Completed, null, JobStatus.Succeeded)]
    [InlineData(WorkflowExecutionStatus.Canceled, JobStatus.Running, JobStatus.Cancelled)]
    [InlineData(WorkflowExecutionStatus.Failed, JobStatus.Failed, JobStatus.Failed)]
    [InlineData(WorkflowExecutionStatus.Failed, JobStatus.Cancelled, JobStatus.Cancelled)]
    [InlineData(WorkflowExecutionStatus.Failed, null, JobStatus.Failed)]
    [InlineData(WorkflowExecutionStatus.Terminated, JobStatus.Running, JobStatus.Failed)]
    [InlineData(WorkflowExecutionStatus.TimedOut, JobStatus.Queued, JobStatus.Failed)]
    [InlineData(WorkflowExecutionStatus.Running, "mystery_status", "mystery_status")]
    [InlineData(WorkflowExecutionStatus.Running, JobStatus.Unknown, JobStatus.ValidatingFiles)]
    public void StatusOf_WorkflowAndLastSeenStatus_MapsToAJobStatus(WorkflowExecutionStatus workflow, string? lastSeen, string expected)
    {
        Assert.Equal(expected, JobViews.StatusOf(Facts(workflow, lastSeen), null));
    }

    [Fact]
    public void From_FailedWorkflow_CarriesTheProvidersError()
    {
        var error = new JobError("invalid_training_file", "The file is not JSONL", "training_file");

        var view = JobViews.From(Facts(WorkflowExecutionStatus.Failed), failure: error);

        Assert.Equal(JobStatus.Failed, view.Status);
        Assert.Equal(error, view.Error);
        Assert.Equal(Started.AddHours(1).ToUnixTimeSeconds(), view.FinishedAt);
    }

    [Fact]
    public void From_QueriedStatusInProviderSpelling_IsNormalised()
    {
        Assert.Equal(JobStatus.Cancelled, JobViews.From(Facts(WorkflowExecutionStatus.Canceled), ProviderJob("canceled")).Status);
    }
}
