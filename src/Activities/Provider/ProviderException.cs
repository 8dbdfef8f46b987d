using FineTuneWorkflows.Wire;

namespace FineTuneWorkflows.Activities.Provider;

/// <summary>
/// A provider call that did not succeed, already classified: whether trying again can help,
/// and how long the provider asked us to wait. The activities turn it into a Temporal failure;
/// the client itself never retries.
/// </summary>
public sealed class ProviderException : Exception
{
    public ProviderException(string errorType, string message, bool retryable, int? statusCode = null, ErrorBody? error = null, TimeSpan? retryAfter = null, Exception? inner = null)
        : base(message, inner)
    {
        ErrorType = errorType;
        Retryable = retryable;
        StatusCode = statusCode;
        Error = error;
        RetryAfter = retryAfter;
    }

    public ProviderException()
        : this(ProviderErrorTypes.Unavailable, "provider call failed", retryable: true)
    {
    }

    public ProviderException(string message)
        : this(ProviderErrorTypes.Unavailable, message, retryable: true)
    {
    }

    public ProviderException(string message, Exception innerException)
        : this(ProviderErrorTypes.Unavailable, message, retryable: true, inner: innerException)
    {
    }

    /// <summary>One of <see cref="ProviderErrorTypes"/>; becomes the Temporal failure type.</summary>
    public string ErrorType { get; }

    public bool Retryable { get; }

    public int? StatusCode { get; }

    /// <summary>The provider's <c>error</c> object (code, message, param), when it sent one.</summary>
    public ErrorBody? Error { get; }

    /// <summary>From <c>retry-after-ms</c> or <c>retry-after</c>; becomes the next retry delay.</summary>
    public TimeSpan? RetryAfter { get; }
}
