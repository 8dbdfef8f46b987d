using System.Buffers;

namespace FineTuneWorkflows.Wire;

/// <summary>
/// The provider's documented limits, checked locally so that a bad request fails at once,
/// clearly, and without spending a call (or, through Portkey, being silently trimmed).
/// </summary>
public static class RequestValidation
{
    public const int MaxIdLength = 256;
    public const int MaxSuffixLength = 64;
    public const int MaxMetadataPairs = 16;
    public const int MaxMetadataKeyLength = 64;
    public const int MaxMetadataValueLength = 512;

    // Provider ids (ftjob-…, file-…, Vertex's numeric ids, Azure's) use these characters only;
    // anything else, a slash above all, would change the URL we call.
    private static readonly SearchValues<char> IdCharacters =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.:@");

    private static readonly string[] MethodTypes = ["supervised", "dpo", "reinforcement"];

    /// <summary>Throws <see cref="InvalidRequestException"/> unless <paramref name="id"/> is a well-formed provider id.</summary>
    public static string EnsureId(string? id, string param)
    {
        if (string.IsNullOrEmpty(id))
        {
            throw new InvalidRequestException(param, "is required");
        }

        if (id.Length > MaxIdLength || id.AsSpan().ContainsAnyExcept(IdCharacters) || id is "." or "..")
        {
            throw new InvalidRequestException(param, $"'{Truncate(id)}' is not a valid id (letters, digits, '-', '_', '.', ':', '@'; at most {MaxIdLength} characters)");
        }

        return id;
    }

    public static void EnsureValid(CreateFineTuningJobRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrWhiteSpace(request.Model))
        {
            throw new InvalidRequestException("model", "is required");
        }

        EnsureId(request.TrainingFile, "training_file");
        if (request.ValidationFile is not null)
        {
            EnsureId(request.ValidationFile, "validation_file");
        }

        if (request.Suffix is { Length: > MaxSuffixLength } suffix)
        {
            throw new InvalidRequestException("suffix", $"is {suffix.Length} characters; at most {MaxSuffixLength} are allowed");
        }

        EnsureMetadata(request.Metadata);
        EnsureHyperparameters(request.Hyperparameters, "hyperparameters");
        EnsureMethod(request.Method);
        EnsureIntegrations(request.Integrations);
    }

    private static void EnsureMetadata(Dictionary<string, string>? metadata)
    {
        if (metadata is null)
        {
            return;
        }

        if (metadata.Count > MaxMetadataPairs)
        {
            throw new InvalidRequestException("metadata", $"has {metadata.Count} pairs; at most {MaxMetadataPairs} are allowed");
        }

        foreach (var (key, value) in metadata)
        {
            if (key.Length is 0 or > MaxMetadataKeyLength)
            {
                throw new InvalidRequestException("metadata", $"key '{Truncate(key)}' must be 1 to {MaxMetadataKeyLength} characters");
            }

            if (value is null || value.Length > MaxMetadataValueLength)
            {
                throw new InvalidRequestException($"metadata.{key}", $"must be a string of at most {MaxMetadataValueLength} characters");
            }
        }
    }

    private static void EnsureHyperparameters(Hyperparameters? hyperparameters, string param)
    {
        if (hyperparameters is null)
        {
            return;
        }

        EnsureWholeAtLeastOne(hyperparameters.NEpochs, $"{param}.n_epochs");
        EnsureWholeAtLeastOne(hyperparameters.BatchSize, $"{param}.batch_size");
        EnsurePositive(hyperparameters.LearningRateMultiplier, $"{param}.learning_rate_multiplier");
        EnsurePositive(hyperparameters.Beta, $"{param}.beta");
        if (hyperparameters.Extra is { Count: > 0 } extra)
        {
            throw new InvalidRequestException($"{param}.{extra.Keys.First()}", "is not a known hyperparameter (n_epochs, batch_size, learning_rate_multiplier, beta)");
        }
    }

    private static void EnsureWholeAtLeastOne(NumberOrAuto? value, string param)
    {
        if (value?.Value is { } number && (number < 1 || number != Math.Floor(number)))
        {
            throw new InvalidRequestException(param, $"must be \"auto\" or a whole number of at least 1, not {number}");
        }
    }

    private static void EnsurePositive(NumberOrAuto? value, string param)
    {
        if (value?.Value is { } number && number <= 0)
        {
            throw new InvalidRequestException(param, $"must be \"auto\" or a number above 0, not {number}");
        }
    }

    private static void EnsureMethod(FineTuningMethod? method)
    {
        if (method is null)
        {
            return;
        }

        if (!MethodTypes.Contains(method.Type))
        {
            throw new InvalidRequestException("method.type", $"must be one of {string.Join(", ", MethodTypes)}, not '{Truncate(method.Type)}'");
        }

        EnsureHyperparameters(method.Supervised?.Hyperparameters, "method.supervised.hyperparameters");
        EnsureHyperparameters(method.Dpo?.Hyperparameters, "method.dpo.hyperparameters");
    }

    private static void EnsureIntegrations(List<Integration>? integrations)
    {
        for (var i = 0; i < (integrations?.Count ?? 0); i++)
        {
            var integration = integrations![i];
            if (integration.Type != "wandb")
            {
                throw new InvalidRequestException($"integrations[{i}].type", $"must be 'wandb', not '{Truncate(integration.Type)}'");
            }

            if (string.IsNullOrWhiteSpace(integration.Wandb?.Project))
            {
                throw new InvalidRequestException($"integrations[{i}].wandb.project", "is required");
            }
        }
    }

    private static string Truncate(string? text) =>
        text is null ? string.Empty : text.Length <= 40 ? text : string.Concat(text.AsSpan(0, 40), "…");
}
