namespace FineTuneWorkflows.Cli.Api;

/// <summary>The starter (or provider) answered with an error envelope: its status and message, as it said them.</summary>
public sealed class StarterException : Exception
{
    public StarterException(int status, string message)
        : base(message)
    {
        Status = status;
    }

    public StarterException()
    {
    }

    public StarterException(string message)
        : base(message)
    {
    }

    public StarterException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public int Status { get; }
}
