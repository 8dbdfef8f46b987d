using FineTuneWorkflows.Simulator.Faults;
using FineTuneWorkflows.Simulator.Files;
using FineTuneWorkflows.Simulator.Jobs;
using FineTuneWorkflows.Wire;

namespace FineTuneWorkflows.Simulator;

/// <summary>
/// Everything the simulator remembers: jobs, files, the fault plan and the counters tests read.
/// One lock guards it all; the simulator serves tests, not traffic.
/// </summary>
public sealed class SimulatorState
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, SimulatedJob> jobs = [];
    private readonly Dictionary<string, string> jobsByResultFile = [];
    private readonly Dictionary<string, StoredFile> files = [];
    private readonly Dictionary<string, long> createdByKey = [];
    private readonly Dictionary<string, string> keyByJob = [];
    private readonly Dictionary<string, long> callsByJob = [];
    private readonly Dictionary<string, long> callsByPath = new(StringComparer.Ordinal);
    private readonly List<FaultRule> faultPlan = [];
    private readonly Dictionary<string, int> peakActive = new(StringComparer.Ordinal);
    private long capacityRefusals;
    private long totalCalls;
    private long jobsCreated;

    public SimulatorState(SimulatorOptions options, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        Clock = clock;
        foreach (var rule in options.Faults)
        {
            InjectFault(rule.Method, rule.PathPrefix, rule.Fault, rule.Times);
        }
    }

    public SimulatorOptions Options { get; }

    public TimeProvider Clock { get; }

    public long TotalCalls => Interlocked.Read(ref totalCalls);

    public long JobsCreated => Interlocked.Read(ref jobsCreated);

    /// <summary>Every job as the provider would show it now, newest first.</summary>
    public IReadOnlyList<FineTuningJob> Jobs
    {
        get
        {
            var now = Clock.GetUtcNow();
            return [.. JobsNewestFirst().Select(job => SimulatedJobs.Render(job, now))];
        }
    }

    /// <summary>Creates counted under <paramref name="idempotencyKey"/>: the Idempotency-Key header, else metadata ftw_idempotency_key.</summary>
    public long JobsCreatedFor(string idempotencyKey)
    {
        lock (gate)
        {
            return createdByKey.GetValueOrDefault(idempotencyKey);
        }
    }

    /// <summary>The key the create of <paramref name="jobId"/> was sent with (even where the provider then dropped it); null for none.</summary>
    public string? IdempotencyKeyOf(string jobId)
    {
        lock (gate)
        {
            return keyByJob.GetValueOrDefault(jobId);
        }
    }

    /// <summary>Drops every planned fault not yet used.</summary>
    public void ClearFaults()
    {
        lock (gate)
        {
            faultPlan.Clear();
        }
    }

    /// <summary>Requests whose path named <paramref name="jobId"/>.</summary>
    public long CallsFor(string jobId)
    {
        lock (gate)
        {
            return callsByJob.GetValueOrDefault(jobId);
        }
    }

    /// <summary>Requests to exactly this path (<c>/v1/fine_tuning/jobs/{id}/events</c>, say), whatever their method.</summary>
    public long CallsTo(string path)
    {
        lock (gate)
        {
            return callsByPath.GetValueOrDefault(path);
        }
    }

    /// <summary>The next <paramref name="times"/> requests matching method and path prefix get <paramref name="fault"/>.</summary>
    public void InjectFault(string method, string pathPrefix, string fault, int times)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(method);
        ArgumentException.ThrowIfNullOrWhiteSpace(pathPrefix);
        ArgumentException.ThrowIfNullOrWhiteSpace(fault);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(times);
        if (!SimulatedFault.TryParse(fault, out _))
        {
            throw new ArgumentException($"'{fault}' is not a fault the simulator knows ({SimulatedFault.Grammar})", nameof(fault));
        }

        lock (gate)
        {
            faultPlan.Add(new FaultRule { Method = method, PathPrefix = pathPrefix, Fault = fault, Times = times });
        }
    }

    /// <summary>Consumes one use of the first planned fault matching this request, if any.</summary>
    public string? TakeFault(string method, string path)
    {
        lock (gate)
        {
            var rule = faultPlan.Find(r =>
                string.Equals(r.Method, method, StringComparison.OrdinalIgnoreCase)
                && path.StartsWith(r.PathPrefix, StringComparison.OrdinalIgnoreCase));
            if (rule is null)
            {
                return null;
            }

            if (--rule.Times == 0)
            {
                faultPlan.Remove(rule);
            }

            return rule.Fault;
        }
    }

    public void CountCall(string path)
    {
        Interlocked.Increment(ref totalCalls);
        lock (gate)
        {
            callsByPath[path] = callsByPath.GetValueOrDefault(path) + 1;
            foreach (var segment in path.Split('/'))
            {
                if (segment.StartsWith(SimulatedJob.IdPrefix, StringComparison.Ordinal))
                {
                    callsByJob[segment] = callsByJob.GetValueOrDefault(segment) + 1;
                }
            }
        }
    }

    /// <summary>A job made outside the provider's caps (another client's, as a test arranges it).</summary>
    public SimulatedJob CreateJob(CreateFineTuningJobRequest request, string? idempotencyKey) =>
        CreateWithinLimits(request, idempotencyKey, enforce: false).Job!;

    /// <summary>A create as the API takes it: refused when the model's caps on active jobs or daily creates are reached.</summary>
    public (SimulatedJob? Job, CapacityRefusal? Refusal) CreateWithinLimits(CreateFineTuningJobRequest request, string? idempotencyKey) =>
        CreateWithinLimits(request, idempotencyKey, enforce: true);

    private (SimulatedJob? Job, CapacityRefusal? Refusal) CreateWithinLimits(CreateFineTuningJobRequest request, string? idempotencyKey, bool enforce)
    {
        ArgumentNullException.ThrowIfNull(request);
        var stored = Options.DropMetadata ? request with { Metadata = null } : request;
        var now = Clock.GetUtcNow();
        var timeline = new JobTimeline(now, PhaseDurations.From(Options), JobFates.For(request.TrainingFile), Estimates: Options.EstimatedFinish);
        lock (gate)
        {
            var ofModel = jobs.Values.Where(j => j.Request.Model == request.Model).ToList();
            var active = ofModel.Count(j => !j.Timeline.IsTerminalAt(now));
            if (enforce && CapacityRefusal.For(request.Model, active, ofModel.Count(j => j.Timeline.CreatedAt.UtcDateTime.Date == now.UtcDateTime.Date), Options) is { } refusal)
            {
                capacityRefusals++;
                return (null, refusal);
            }

            peakActive[request.Model] = Math.Max(peakActive.GetValueOrDefault(request.Model), active + 1);
            var job = new SimulatedJob(SimulatorIds.NewJobId(), ++jobsCreated, stored, timeline);
            jobs.Add(job.Id, job);
            jobsByResultFile.Add(job.ResultFileId, job.Id);
            if (idempotencyKey is not null)
            {
                createdByKey[idempotencyKey] = createdByKey.GetValueOrDefault(idempotencyKey) + 1;
                keyByJob[job.Id] = idempotencyKey;
            }

            return (job, null);
        }
    }

    public SimulatedJob? FindJob(string id)
    {
        lock (gate)
        {
            return jobs.GetValueOrDefault(id);
        }
    }

    public IReadOnlyList<SimulatedJob> JobsNewestFirst()
    {
        lock (gate)
        {
            return [.. jobs.Values.OrderByDescending(j => j.Sequence)];
        }
    }

    /// <summary>Cancels a job that has not finished; a finished one comes back unchanged.</summary>
    public SimulatedJob? Cancel(string id)
    {
        var now = Clock.GetUtcNow();
        lock (gate)
        {
            if (!jobs.TryGetValue(id, out var job))
            {
                return null;
            }

            if (!job.Timeline.IsTerminalAt(now))
            {
                job = job with { Timeline = job.Timeline with { CancelledAt = now } };
                jobs[id] = job;
            }

            return job;
        }
    }

    /// <summary>
    /// Pauses a running job, or resumes a paused one; the error says why not otherwise, as the
    /// provider does (a job that is pausing must be paused before it can be resumed).
    /// </summary>
    public (SimulatedJob? Job, string? Refusal) PauseOrResume(string id, bool resume)
    {
        var now = Clock.GetUtcNow();
        lock (gate)
        {
            if (!jobs.TryGetValue(id, out var job))
            {
                return (null, null);
            }

            var status = job.Timeline.At(now).Status;
            if (status != (resume ? JobStatus.Paused : JobStatus.Running))
            {
                return (job, resume
                    ? $"Job {id} is {status}; only a paused job can be resumed."
                    : $"Job {id} is {status}; only a running job can be paused.");
            }

            var pauses = job.Timeline.Pauses;
            List<PauseSpan> changed = resume ? [.. pauses.SkipLast(1), pauses[^1] with { ResumedAt = now }] : [.. pauses, new PauseSpan(now, null)];
            job = job with { Timeline = job.Timeline with { Pauses = changed } };
            jobs[id] = job;
            return (job, null);
        }
    }

    public StoredFile AddFile(string filename, string purpose, byte[] content)
    {
        var file = new StoredFile(SimulatorIds.NewFileId(), filename, purpose, Clock.GetUtcNow(), content);
        lock (gate)
        {
            files.Add(file.Id, file);
        }

        return file;
    }

    public StoredFile? FindFile(string id)
    {
        lock (gate)
        {
            return files.GetValueOrDefault(id);
        }
    }

    public bool DeleteFile(string id)
    {
        lock (gate)
        {
            return files.Remove(id);
        }
    }

    /// <summary>The job whose result file this is, once that job has succeeded.</summary>
    public SimulatedJob? FindSucceededJobByResultFile(string fileId)
    {
        SimulatedJob? job;
        lock (gate)
        {
            job = jobsByResultFile.TryGetValue(fileId, out var jobId) ? jobs[jobId] : null;
        }

        return job?.Timeline.At(Clock.GetUtcNow()).Status == JobStatus.Succeeded ? job : null;
    }

    public SimulatorStats Stats()
    {
        lock (gate)
        {
            return new(TotalCalls, JobsCreated, new Dictionary<string, long>(createdByKey), new Dictionary<string, long>(callsByJob), jobs.Count, files.Count)
            {
                PeakActiveJobs = new Dictionary<string, int>(peakActive),
                CapacityRefusals = capacityRefusals,
            };
        }
    }
}
