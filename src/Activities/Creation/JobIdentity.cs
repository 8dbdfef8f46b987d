using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using FineTuneWorkflows.Activities.Provider;
using FineTuneWorkflows.Wire;

namespace FineTuneWorkflows.Activities.Creation;

/// <summary>
/// What marks a provider job as the one a workflow created, and what rules it out. Creating a
/// job is not idempotent at any provider, so a retried create must recognise its own job from
/// what the provider echoes: our key in <c>metadata</c> where it is kept, and a seed derived from
/// the key where we chose the seed (the Portkey gateway drops metadata but forwards the seed,
/// and OpenAI and Azure echo it). The request's own fields can only rule a job out.
/// </summary>
public static class JobIdentity
{
    /// <summary>OpenAI echoes the caller's suffix under this name as well as in the model name.</summary>
    public const string UserProvidedSuffix = "user_provided_suffix";

    private const string SeedDomain = "FineTuneWorkflows/seed/v1\n";

    /// <summary>
    /// The seed sent when the user chose none: a provider would pick one at random, so a value only
    /// this key produces costs the user nothing and identifies the job. Non-negative and 31-bit,
    /// as every provider accepts.
    /// </summary>
    public static long SeedFor(string idempotencyKey)
    {
        ArgumentNullException.ThrowIfNull(idempotencyKey);
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(SeedDomain + idempotencyKey));
        return BinaryPrimitives.ReadInt32BigEndian(digest) & int.MaxValue;
    }

    /// <summary>
    /// The request as sent: the user's metadata plus our key (within the provider's 16 pairs), and
    /// the key's seed unless the user chose one or <paramref name="chooseSeed"/> is false.
    /// </summary>
    /// <param name="chooseSeed">False for a create the first version may have sent: it chose no seed, so none may be assumed.</param>
    public static CreateFineTuningJobRequest Mark(CreateFineTuningJobRequest request, string idempotencyKey, bool chooseSeed = true)
    {
        ArgumentNullException.ThrowIfNull(request);
        var metadata = new Dictionary<string, string>(request.Metadata ?? []);
        if (!metadata.ContainsKey(Idempotency.MetadataKey) && metadata.Count >= RequestValidation.MaxMetadataPairs)
        {
            throw new InvalidRequestException("metadata", $"has {metadata.Count} pairs; at most {RequestValidation.MaxMetadataPairs - 1} are allowed because one carries the idempotency key");
        }

        metadata[Idempotency.MetadataKey] = idempotencyKey;
        return request with { Metadata = metadata, Seed = request.Seed ?? (chooseSeed ? SeedFor(idempotencyKey) : null) };
    }

    /// <summary>
    /// Whether <paramref name="job"/> is the one <paramref name="sent"/> (a request as
    /// <see cref="Mark"/> made it) created. Our key in its metadata decides outright, and so does
    /// its absence where the provider keeps metadata. Otherwise a job that differs in model, files
    /// or an echoed suffix or seed is not ours; where we chose the seed, an echoed seed that is ours
    /// is a <see cref="Evidence.SeedMatch"/>. Anything else is <see cref="Evidence.Unknown"/>: it
    /// looks like ours, and nothing it echoes can tell.
    /// </summary>
    /// <param name="seedIsOurs">True when the sent seed is the key's (the user chose none, and we did).</param>
    /// <param name="metadataKept">True when the provider keeps the metadata we send (<see cref="ProviderOptions.MetadataKept"/>).</param>
    public static Evidence Judge(FineTuningJob job, CreateFineTuningJobRequest sent, string idempotencyKey, bool seedIsOurs, bool metadataKept)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(sent);
        if (job.Metadata?.GetValueOrDefault(Idempotency.MetadataKey) is { } key)
        {
            return key == idempotencyKey ? Evidence.Ours : Evidence.NotOurs;
        }

        if (metadataKept || !SameFields(job, sent))
        {
            return Evidence.NotOurs;
        }

        return seedIsOurs && job.Seed is not null ? Evidence.SeedMatch : Evidence.Unknown;
    }

    /// <summary>
    /// Same model (providers may append a snapshot date), same files, and the same suffix and seed
    /// wherever one is echoed (and, for the seed, was sent).
    /// </summary>
    public static bool SameFields(FineTuningJob job, CreateFineTuningJobRequest request)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(request);
        var sameModel = job.Model is { } model
            && (model == request.Model || model.StartsWith(request.Model + "-", StringComparison.Ordinal));
        return sameModel
            && job.TrainingFile == request.TrainingFile
            && (job.ValidationFile ?? string.Empty) == (request.ValidationFile ?? string.Empty)
            && Echoes(job.Suffix, request.Suffix)
            && Echoes(EchoedUserSuffix(job), request.Suffix)
            && (job.Seed is null || request.Seed is null || job.Seed == request.Seed);
    }

    /// <summary>An echoed value that is missing says nothing; one that is there must be ours.</summary>
    private static bool Echoes(string? echoed, string? sent) =>
        echoed is null || echoed == (sent ?? string.Empty);

    private static string? EchoedUserSuffix(FineTuningJob job) =>
        job.Extra?.GetValueOrDefault(UserProvidedSuffix) is { ValueKind: JsonValueKind.String } suffix ? suffix.GetString() : null;
}
