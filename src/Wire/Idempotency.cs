namespace FineTuneWorkflows.Wire;

/// <summary>The names under which a create carries its idempotency key, on every hop.</summary>
public static class Idempotency
{
    /// <summary>The request header: OpenAI's, the IETF draft's, and the one our starter and simulator read.</summary>
    public const string Header = "Idempotency-Key";

    /// <summary>
    /// The job metadata key that carries the same key to the provider, so that a job made by a
    /// create whose answer was lost can be recognised as ours (where the path keeps metadata).
    /// </summary>
    public const string MetadataKey = "ftw_idempotency_key";
}
