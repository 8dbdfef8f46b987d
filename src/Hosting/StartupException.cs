namespace FineTuneWorkflows.Hosting;

/// <summary>A reason a process cannot start that its operator can fix: said in one line, not a stack trace.</summary>
public sealed class StartupException : Exception
{
    public StartupException(string message)
        : base(message)
    {
    }

    public StartupException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public StartupException()
    {
    }
}
