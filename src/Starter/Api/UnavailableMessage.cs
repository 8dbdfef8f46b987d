namespace FineTuneWorkflows.Starter.Api;

/// <summary>
/// Route metadata: what the route's 503 says when Temporal is out of reach, so the caller hears
/// what could not be done (and, for a create, how to retry safely) rather than one text for all.
/// </summary>
public sealed record UnavailableMessage(string Message);
