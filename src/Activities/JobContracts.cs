using FineTuneWorkflows.Activities.Provider;
using FineTuneWorkflows.Wire;

namespace FineTuneWorkflows.Activities;

/// <param name="JobId">The provider's job id.</param>
public sealed record CancelJobInput(string JobId);

/// <param name="Job">The job after the cancel; its status is final when the provider cancels at once or had already ended it.</param>
public sealed record CancelJobOutput(FineTuningJob Job);

/// <param name="JobId">The provider's job id.</param>
/// <param name="SinceEventId">The newest event already seen; null for all events.</param>
/// <param name="MaxEvents">Most events to return in one call.</param>
public sealed record ListEventsInput(string JobId, string? SinceEventId = null, int MaxEvents = 100);

/// <param name="Events">Events newer than the cursor, oldest first, at most <see cref="ListEventsInput.MaxEvents"/>.</param>
/// <param name="Cursor">The newest event returned (or the old cursor when none), for the next call.</param>
/// <param name="HasMore">Newer events remain; call again with <paramref name="Cursor"/>.</param>
public sealed record ListEventsOutput(IReadOnlyList<JobEvent> Events, string? Cursor, bool HasMore);
