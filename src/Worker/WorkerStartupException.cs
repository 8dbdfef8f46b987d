namespace FineTuneWorkflows.Worker;

/// <summary>A reason the worker cannot start that the operator can fix: said in one line, not a stack trace.</summary>
public sealed class WorkerStartupException : Exception
{
    public WorkerStartupException(string message)
        : base(message)
    {
    }

    public WorkerStartupException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public WorkerStartupException()
    {
    }
}
