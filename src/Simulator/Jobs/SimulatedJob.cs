using FineTuneWorkflows.Wire;

namespace FineTuneWorkflows.Simulator.Jobs;

/// <summary>A job as stored: what was asked for and its timeline. Everything else is derived.</summary>
public sealed record SimulatedJob(string Id, long Sequence, CreateFineTuningJobRequest Request, JobTimeline Timeline)
{
    public const string IdPrefix = "ftjob-";

    /// <summary>The random part of the id, reused for event, checkpoint and result file ids.</summary>
    public string Suffix => Id[IdPrefix.Length..];

    public string ResultFileId => $"file-result-{Suffix}";

    public string FineTunedModel => $"ft:{Request.Model}:{SimulatedJobs.Organization}:{Request.Suffix}:{Suffix[..8]}";

    public long TrainedTokens => 50_000 + (long)(TrainingCurve.SeedOf(Id) % 950_000);
}
