namespace FineTuneWorkflows.Starter.Hosting;

/// <summary>A reason the starter cannot start that the operator can fix: said in one line, not a stack trace.</summary>
public sealed class StarterStartupException : Exception
{
    public StarterStartupException(string message)
        : base(message)
    {
    }

    public StarterStartupException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public StarterStartupException()
    {
    }
}
