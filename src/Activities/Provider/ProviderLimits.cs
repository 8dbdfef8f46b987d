namespace FineTuneWorkflows.Activities.Provider;

/// <summary>
/// <c>Provider:Limits</c>: how many jobs of a model this deployment keeps active (created and not
/// yet ended) at once. Fine-tunes beyond it wait, in arrival order, and start as others end. Off
/// when neither is set. A model with a colon in its name (<c>ft:…</c>) cannot be a configuration
/// key: it takes the default.
/// </summary>
public sealed class ProviderLimits
{
    /// <summary>For every model not named in <see cref="Models"/>; null for no limit.</summary>
    public int? Default { get; set; }

    /// <summary>
    /// Per model, by the name the create body gives (<c>gpt-4o-mini-2024-07-18</c>), in any case:
    /// configuration keys have none, and one model must not get two limits.
    /// </summary>
    public Dictionary<string, int> Models { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The limit for <paramref name="model"/>, or null when there is none.</summary>
    public int? For(string model) => Models.TryGetValue(model, out var limit) ? limit : Default;

    /// <summary>Every problem, naming the setting; empty when usable.</summary>
    public IEnumerable<string> Problems()
    {
        if (Default is < 1)
        {
            yield return "Provider:Limits:Default must be at least 1 (leave it out for no limit)";
        }

        foreach (var (model, limit) in Models.Where(m => m.Value < 1))
        {
            yield return $"Provider:Limits:Models:{model} must be at least 1 (leave it out for the default)";
        }
    }
}
