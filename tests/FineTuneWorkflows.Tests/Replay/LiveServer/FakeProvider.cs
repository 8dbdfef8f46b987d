using System.Collections.Concurrent;
using FineTuneWorkflows.Activities;
using FineTuneWorkflows.Activities.Creation;
using FineTuneWorkflows.Activities.Polling;
using FineTuneWorkflows.Activities.Provider;
using FineTuneWorkflows.Activities.Results;
using Temporalio.Activities;

namespace FineTuneWorkflows.Tests.Replay.LiveServer;

/// <summary>
/// The provider for live tests, as activities with the real names and contracts, running each job
/// on the wall clock (validating, queued, running, succeeded). It stands in for the HTTP provider
/// simulator, which is not on this branch: the live tests are about Temporal (restarts, cancel,
/// visibility), and a fake here keeps them self-contained. It counts the jobs it creates, which is
/// how "exactly one paid job" is checked.
/// </summary>
public sealed class FakeProvider(TimeSpan stepLength)
{
    private readonly ConcurrentDictionary<string, Job> jobs = new();

    public int JobsCreated => jobs.Count;

    public bool WasCancelled(string jobId) => jobs.TryGetValue(jobId, out var job) && job.CancelledAt is not null;

    [Activity("CreateJob")]
    public CreateJobOutput CreateJob(CreateJobInput input)
    {
        // Keyed like the real activity: a retried create adopts the job the first attempt made.
        var adopted = jobs.ContainsKey(input.IdempotencyKey);
        var job = jobs.GetOrAdd(input.IdempotencyKey, key => new Job($"ftjob-{key}", DateTimeOffset.UtcNow));
        return new CreateJobOutput(Read(job), adopted, "fake");
    }

    [Activity("WaitForStatusChange")]
    public async Task<WaitForStatusChangeOutput> WaitForStatusChangeAsync(WaitForStatusChangeInput input)
    {
        var job = jobs.Values.Single(j => j.Id == input.JobId);
        for (var polls = 1; ; polls++)
        {
            var now = Read(job);
            if (now.Status != input.KnownStatus || JobStatus.IsTerminal(now.Status!))
            {
                return new WaitForStatusChangeOutput(now, polls);
            }

            ActivityExecutionContext.Current.Heartbeat(polls);
            await Task.Delay(TimeSpan.FromMilliseconds(200), ActivityExecutionContext.Current.CancellationToken);
        }
    }

    [Activity("CancelJob")]
    public CancelJobOutput CancelJob(CancelJobInput input)
    {
        var job = jobs.Values.Single(j => j.Id == input.JobId);
        job.CancelledAt ??= DateTimeOffset.UtcNow;
        return new CancelJobOutput(Read(job));
    }

    [Activity("RetrieveResultFiles")]
    public RetrieveResultFilesOutput RetrieveResultFiles(RetrieveResultFilesInput input)
    {
        var job = jobs.Values.Single(j => j.Id == input.JobId);
        return new([new ResultArtifact("file-result", "step_metrics.csv", $"memory://{job.Id}/step_metrics.csv", 3, "abc")], null);
    }

    private FineTuningJob Read(Job job)
    {
        var age = (DateTimeOffset.UtcNow - job.CreatedAt) / stepLength;
        var status = job.CancelledAt is not null ? JobStatus.Cancelled : age switch
        {
            < 1 => JobStatus.ValidatingFiles,
            < 2 => JobStatus.Queued,
            < 3 => JobStatus.Running,
            _ => JobStatus.Succeeded,
        };
        return new FineTuningJob
        {
            Id = job.Id,
            Model = "gpt-4o-mini-2024-07-18",
            Status = status,
            CreatedAt = job.CreatedAt.ToUnixTimeSeconds(),
            FineTunedModel = status == JobStatus.Succeeded ? $"ft:{job.Id}" : null,
            ResultFiles = status == JobStatus.Succeeded ? ["file-result"] : null,
        };
    }

    private sealed class Job(string id, DateTimeOffset createdAt)
    {
        public string Id { get; } = id;

        public DateTimeOffset CreatedAt { get; } = createdAt;

        public DateTimeOffset? CancelledAt { get; set; }
    }
}
