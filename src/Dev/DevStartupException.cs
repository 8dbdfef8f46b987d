namespace FineTuneWorkflows.Dev;

/// <summary>Why dev mode cannot run, in words a new user can act on.</summary>
public sealed class DevStartupException : Exception
{
    public DevStartupException(string message)
        : base(message)
    {
    }

    public DevStartupException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public DevStartupException()
    {
    }
}
