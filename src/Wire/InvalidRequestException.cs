namespace FineTuneWorkflows.Wire;

/// <summary>A request we refuse before any HTTP call, naming the offending field as the provider would.</summary>
public sealed class InvalidRequestException : ArgumentException
{
    public const string ErrorType = "InvalidRequest";

    public InvalidRequestException(string param, string message)
        : base($"{param}: {message}", param)
    {
        Param = param;
    }

    public InvalidRequestException()
        : this("request", "invalid")
    {
    }

    public InvalidRequestException(string message)
        : this("request", message)
    {
    }

    public InvalidRequestException(string message, Exception innerException)
        : base(message, innerException)
    {
        Param = "request";
    }

    public string Param { get; }

    /// <summary>"field: what is wrong", as a person reads it; not <see cref="ArgumentException"/>'s, which adds " (Parameter 'field')".</summary>
    public override string Message => base.Message.EndsWith($" (Parameter '{ParamName}')", StringComparison.Ordinal)
        ? base.Message[..^$" (Parameter '{ParamName}')".Length]
        : base.Message;
}
