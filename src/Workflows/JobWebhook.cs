namespace FineTuneWorkflows.Workflows;

/// <summary>
/// A provider's verified webhook about a job (<c>fine_tuning.job.succeeded</c> and the like), as
/// the <c>JobWebhook</c> signal carries it. Only a hint: the workflow reads the job for its status.
/// </summary>
/// <param name="EventId">The delivery's <c>webhook-id</c>: the same for every retry of one event.</param>
/// <param name="Type">The event's type, as the provider named it.</param>
/// <param name="JobId">The provider's job id.</param>
/// <param name="CreatedAt">The event's <c>created_at</c> (Unix seconds).</param>
public sealed record JobWebhook(string EventId, string Type, string JobId, long CreatedAt);
