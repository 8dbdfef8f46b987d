namespace FineTuneWorkflows.Starter.Hosting;

/// <summary>The <c>Starter</c> configuration section: who may call, and how long the API waits on Temporal.</summary>
public sealed class StarterOptions
{
    public const string Section = "Starter";

    /// <summary>Keys accepted as <c>Authorization: Bearer</c>. Required (at least one) while <see cref="RequireAuth"/> holds.</summary>
    public List<string> ApiKeys { get; init; } = [];

    /// <summary>True unless a local dev mode turns it off: an open starter would let anyone spend provider money.</summary>
    public bool RequireAuth { get; init; } = true;

    /// <summary>Largest create body accepted; a fine-tuning request is a few kilobytes, so 1 MB is generous.</summary>
    public long MaxRequestBodyBytes { get; init; } = 1024 * 1024;

    /// <summary>
    /// How long a create waits for the provider job to exist. Past it the API answers with the
    /// pending job (its id is good for GET), since the workflow goes on creating it regardless.
    /// </summary>
    public TimeSpan CreateTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a cancel waits for the job to reach its final status before answering.</summary>
    public TimeSpan CancelWait { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Bound on one query or describe: a query waits for a worker, and none may be running.</summary>
    public TimeSpan ReadTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Every reason these settings cannot serve, naming the setting to fix; empty when they can.</summary>
    public IEnumerable<string> Problems()
    {
        if (RequireAuth && !ApiKeys.Any(k => k.Length > 0))
        {
            yield return "Starter:ApiKeys must list at least one key while Starter:RequireAuth is true";
        }

        if (MaxRequestBodyBytes <= 0)
        {
            yield return "Starter:MaxRequestBodyBytes must be positive";
        }
    }
}
