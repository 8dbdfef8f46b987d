namespace FineTuneWorkflows.Starter.Webhooks;

/// <summary>One provider project's endpoint.</summary>
public sealed class WebhookSource
{
    /// <summary>
    /// Its signing secrets (<c>whsec_…</c>, as the provider shows them), several while one is
    /// rotated: an event signed with any of them is accepted. Never logged.
    /// </summary>
    public List<string> Secrets { get; init; } = [];
}
