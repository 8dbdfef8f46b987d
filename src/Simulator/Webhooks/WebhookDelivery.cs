namespace FineTuneWorkflows.Simulator.Webhooks;

/// <summary>One event on its way to one endpoint.</summary>
/// <param name="WebhookId">The same on every attempt and duplicate, as the provider keeps it.</param>
/// <param name="Attempt">1 for the first try.</param>
public sealed record WebhookDelivery(string WebhookId, string Url, string Body, DateTimeOffset Due, int Attempt, bool BadSignature);
