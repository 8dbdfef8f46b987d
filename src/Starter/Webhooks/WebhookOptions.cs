namespace FineTuneWorkflows.Starter.Webhooks;

/// <summary>
/// The <c>Webhooks</c> configuration section: the providers that send signed webhooks to
/// <c>POST /v1/webhooks/{source}</c>, each with its signing secrets. With none, the route answers
/// 404 and jobs are watched by polling alone.
/// </summary>
public sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    /// <summary>By route name (<c>openai</c>, <c>azure</c>, …; any case): the secrets that may sign its events.</summary>
    public Dictionary<string, WebhookSource> Sources { get; init; } = [];

    /// <summary>How far a delivery's timestamp may be from now: OpenAI's own SDKs allow five minutes.</summary>
    public TimeSpan Tolerance { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Largest event accepted: a fine-tuning event is a few hundred bytes.</summary>
    public int MaxBodyBytes { get; init; } = 64 * 1024;

    /// <summary>True when some source has a secret: new jobs then poll only as a safety net.</summary>
    public bool Configured => Sources.Values.Any(s => s.Secrets.Count > 0);

    /// <summary>The source a route names, in any case; null when none is configured under that name.</summary>
    public WebhookSource? Find(string name) =>
        Sources.FirstOrDefault(s => string.Equals(s.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    /// <summary>Every reason these settings cannot serve, naming the setting to fix (never a secret); empty when they can.</summary>
    public IEnumerable<string> Problems()
    {
        if (Tolerance <= TimeSpan.Zero || MaxBodyBytes <= 0)
        {
            yield return "Webhooks:Tolerance and Webhooks:MaxBodyBytes must be positive";
        }

        foreach (var (name, source) in Sources)
        {
            if (!source.Secrets.All(IsSecret))
            {
                yield return $"Webhooks:Sources:{name}:Secrets must each be a provider signing secret (whsec_ followed by base64)";
            }
        }
    }

    private static bool IsSecret(string secret)
    {
        try
        {
            WebhookSignature.KeyOf(secret);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
