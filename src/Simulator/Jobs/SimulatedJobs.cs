using System.Text.Json;
using FineTuneWorkflows.Wire;

namespace FineTuneWorkflows.Simulator.Jobs;

/// <summary>Renders stored jobs, their events and checkpoints as the provider shows them at an instant.</summary>
public static class SimulatedJobs
{
    public const string Organization = "sim-org";
    public const string OrganizationId = "org-simulator";
    private const int CheckpointCount = 3;

    public static FineTuningJob Render(SimulatedJob job, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(job);
        var request = job.Request;
        var moment = job.Timeline.At(now);
        var succeeded = moment.Status == JobStatus.Succeeded;
        return new FineTuningJob
        {
            Id = job.Id,
            Object = FineTuningJob.ObjectName,
            CreatedAt = job.Timeline.CreatedAt.ToUnixTimeSeconds(),
            FinishedAt = moment.FinishedAt?.ToUnixTimeSeconds(),
            EstimatedFinish = moment.EstimatedFinish?.ToUnixTimeSeconds(),
            Error = moment.Status == JobStatus.Failed ? JobFailures.InvalidTrainingFile : null,
            FineTunedModel = succeeded ? job.FineTunedModel : null,
            Hyperparameters = request.Hyperparameters ?? request.Method?.Supervised?.Hyperparameters ?? new Hyperparameters
            {
                NEpochs = 3,
                BatchSize = 1,
                LearningRateMultiplier = 2,
            },
            Method = request.Method,
            Model = request.Model,
            OrganizationId = OrganizationId,
            ResultFiles = succeeded ? [job.ResultFileId] : [],
            Seed = request.Seed ?? (long)(TrainingCurve.SeedOf(job.Id) % int.MaxValue),
            Status = moment.Status,
            TrainedTokens = succeeded ? job.TrainedTokens : null,
            TrainingFile = request.TrainingFile,
            ValidationFile = request.ValidationFile,
            Suffix = request.Suffix,
            Integrations = request.Integrations ?? [],
            Metadata = request.Metadata,
            // OpenAI echoes the suffix as user_provided_suffix, which the official client reads.
            Extra = request.Suffix is { } suffix
                ? new Dictionary<string, JsonElement> { ["user_provided_suffix"] = JsonSerializer.SerializeToElement(suffix, SimulatorJson.Default.String) }
                : null,
        };
    }

    /// <summary>Events up to now, newest first, with ids stable for the life of the job.</summary>
    public static List<JobEvent> Events(SimulatedJob job, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(job);
        return [.. JobEventScript.At(job.Timeline, job.Id, job.Request.TrainingFile, now)
            .Reverse()
            .Select(e => new JobEvent
            {
                Id = $"ftevent-{e.Sequence}-{job.Suffix}",
                Object = "fine_tuning.job.event",
                CreatedAt = e.At.ToUnixTimeSeconds(),
                Level = e.Level,
                Message = e.Message,
                Type = e.Type,
                Data = e.Metrics is { } metrics ? SimulatorJson.Element(metrics) : null,
            })];
    }

    /// <summary>
    /// Checkpoints at a third, two thirds and the end of training, newest first. The last one
    /// lands exactly when the job succeeds, and a cancel stops any later ones.
    /// </summary>
    public static List<JobCheckpoint> Checkpoints(SimulatedJob job, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(job);
        var timeline = job.Timeline;
        if (timeline.Script != JobFate.Succeed)
        {
            return [];
        }

        var seed = TrainingCurve.SeedOf(job.Id);
        var total = JobEventScript.TotalSteps;
        var cutoff = timeline.EffectiveCancel is { } cancelled && cancelled < now ? cancelled : now;
        return [.. Enumerable.Range(1, CheckpointCount)
            .Select(k => (Step: total * k / CheckpointCount, At: timeline.WhenRunFor(timeline.Phases.Running * k / CheckpointCount) ?? DateTimeOffset.MaxValue))
            .Where(c => c.At <= cutoff)
            .Reverse()
            .Select(c => new JobCheckpoint
            {
                Id = $"ftckpt-{c.Step}-{job.Suffix}",
                Object = "fine_tuning.job.checkpoint",
                CreatedAt = c.At.ToUnixTimeSeconds(),
                FineTunedModelCheckpoint = $"{job.FineTunedModel}:ckpt-step-{c.Step}",
                FineTuningJobId = job.Id,
                StepNumber = c.Step,
                Metrics = new Dictionary<string, double?>
                {
                    ["step"] = c.Step,
                    ["train_loss"] = Math.Round(TrainingCurve.TrainLoss(seed, c.Step, total), 4),
                    ["train_mean_token_accuracy"] = Math.Round(TrainingCurve.TrainAccuracy(seed, c.Step, total), 4),
                    ["valid_loss"] = Math.Round(TrainingCurve.ValidLoss(seed, c.Step, total), 4),
                    ["valid_mean_token_accuracy"] = Math.Round(TrainingCurve.ValidAccuracy(seed, c.Step, total), 4),
                    ["full_valid_loss"] = Math.Round(TrainingCurve.ValidLoss(seed, c.Step, total), 4),
                    ["full_valid_mean_token_accuracy"] = Math.Round(TrainingCurve.ValidAccuracy(seed, c.Step, total), 4),
                },
            })];
    }
}
