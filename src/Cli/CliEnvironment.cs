namespace FineTuneWorkflows.Cli;

/// <summary>The environment variables a command reads (addresses and keys), behind a function so tests pass their own.</summary>
public sealed record CliEnvironment(Func<string, string?> Variable)
{
    /// <summary>The option if given, else the variable if set, else the default.</summary>
    public string? Choose(string? option, string variable, string? fallback = null) =>
        !string.IsNullOrWhiteSpace(option) ? option
        : Variable(variable) is { Length: > 0 } set ? set
        : fallback;
}
