namespace FineTuneWorkflows.Starter.Webhooks;

/// <summary>The 200 answer: the provider only looks at the status; a person reading logs sees what happened.</summary>
public sealed record WebhookAnswer(bool Received, string Outcome);
