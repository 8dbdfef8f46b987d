using Microsoft.Extensions.Options;

namespace FineTuneWorkflows.Hosting;

/// <summary>Which failures at start-up are the operator's to fix, and the one line that says how.</summary>
public static class StartupFailure
{
    /// <summary>The line for <paramref name="e"/>; null for a failure that is a bug, which is left to crash with its stack trace.</summary>
    public static string? Reason(Exception e) => e switch
    {
        StartupException startup => startup.Message,
        OptionsValidationException invalid => Configuration(invalid.Failures),
        // Several sections failed validation: every failure, in the one line.
        AggregateException many when many.InnerExceptions.All(i => i is OptionsValidationException) =>
            Configuration(many.InnerExceptions.Cast<OptionsValidationException>().SelectMany(i => i.Failures)),
        _ => null,
    };

    /// <summary>
    /// A value the configuration binder cannot read (a word where a number belongs): its message
    /// names the key and the value, and no setting it can fail on holds a secret.
    /// </summary>
    public static T Read<T>(Func<T> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        try
        {
            return read();
        }
        catch (InvalidOperationException e)
        {
            throw new StartupException($"configuration: {e.Message}", e);
        }
    }

    private static string Configuration(IEnumerable<string> failures) => $"configuration: {string.Join("; ", failures)}";
}
