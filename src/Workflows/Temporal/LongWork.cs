namespace FineTuneWorkflows.Workflows.Temporal;

/// <summary>
/// The task queue of work that holds a worker slot for long (result downloads; nothing else since
/// the wait holds none), apart from the creates, cancels and checks it could otherwise starve.
/// Named after the workflow's own queue, so a workflow finds it without configuration and every
/// deployment of one queue agrees on it.
/// </summary>
public static class LongWork
{
    public const string Suffix = "-long";

    public static string QueueFor(string taskQueue)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(taskQueue);
        return taskQueue + Suffix;
    }
}
