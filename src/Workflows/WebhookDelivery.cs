namespace FineTuneWorkflows.Workflows;

/// <summary>Where a provider's webhook went.</summary>
/// <param name="Found">False when no workflow followed the job within <see cref="WebhookDeliveryWorkflow.SearchFor"/>.</param>
/// <param name="SignalledWorkflows">The running fine-tunes that were signalled (none when the job's run had already ended).</param>
public sealed record WebhookDelivery(bool Found, IReadOnlyList<string> SignalledWorkflows);
