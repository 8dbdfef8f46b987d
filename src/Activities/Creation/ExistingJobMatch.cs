using FineTuneWorkflows.Activities.Provider;

namespace FineTuneWorkflows.Activities.Creation;

/// <summary>
/// Recognises a job that an earlier attempt of the same create already made. The metadata key
/// is proof; where the provider (or the Portkey gateway) dropped metadata we fall back to the
/// request's identifying fields and a creation-time window.
/// </summary>
public static class ExistingJobMatch
{
    /// <summary>The metadata key under which we file the idempotency key with the provider.</summary>
    public const string MetadataKey = "ftw_idempotency_key";

    /// <summary>Provider and Temporal clocks differ; a job this much older than the request may still be ours.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(2);

    public static bool IsMarked(FineTuningJob job, string idempotencyKey)
    {
        ArgumentNullException.ThrowIfNull(job);
        return job.Metadata?.GetValueOrDefault(MetadataKey) == idempotencyKey;
    }

    /// <summary>
    /// Same model (providers may append a snapshot date), same files, same suffix where the job
    /// reports one, created since the request, and not marked as another workflow's job.
    /// </summary>
    public static bool IsLikelyOurs(FineTuningJob job, CreateFineTuningJobRequest request, string idempotencyKey, DateTimeOffset requestedAt)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(request);
        if (job.Metadata?.GetValueOrDefault(MetadataKey) is { } otherKey && otherKey != idempotencyKey)
        {
            return false;
        }

        var sameModel = job.Model is { } model
            && (model == request.Model || model.StartsWith(request.Model + "-", StringComparison.Ordinal));
        var sameSuffix = job.Suffix is null || job.Suffix == request.Suffix;
        var inWindow = job.CreatedAt is { } created
            && DateTimeOffset.FromUnixTimeSeconds(created) >= requestedAt - ClockSkew;

        return sameModel
            && sameSuffix
            && inWindow
            && job.TrainingFile == request.TrainingFile
            && (job.ValidationFile ?? string.Empty) == (request.ValidationFile ?? string.Empty);
    }

    /// <summary>The request as sent: the user's metadata plus our key, within the provider's 16 pairs.</summary>
    public static CreateFineTuningJobRequest Mark(CreateFineTuningJobRequest request, string idempotencyKey)
    {
        ArgumentNullException.ThrowIfNull(request);
        var metadata = new Dictionary<string, string>(request.Metadata ?? []);
        if (!metadata.ContainsKey(MetadataKey) && metadata.Count >= RequestValidation.MaxMetadataPairs)
        {
            throw new InvalidRequestException("metadata", $"has {metadata.Count} pairs; at most {RequestValidation.MaxMetadataPairs - 1} are allowed because one carries the idempotency key");
        }

        metadata[MetadataKey] = idempotencyKey;
        return request with { Metadata = metadata };
    }
}
