namespace FineTuneWorkflows.Simulator.Webhooks;

/// <summary>What the sender has done so far.</summary>
/// <param name="Events">Events made (one per job end, per endpoint).</param>
/// <param name="Dropped">Events never sent (the drop fault).</param>
/// <param name="Sent">POSTs made, retries and duplicates included.</param>
/// <param name="Accepted">POSTs answered 2xx.</param>
/// <param name="Refused">POSTs answered otherwise, or not at all.</param>
/// <param name="GivenUp">Events whose retries ran out.</param>
/// <param name="LastAnswer">The status code of the last answer; 0 before any, or when the last POST got none.</param>
public sealed record WebhookStats(int Events, int Dropped, int Sent, int Accepted, int Refused, int GivenUp, int LastAnswer);
