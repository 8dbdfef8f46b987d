namespace FineTuneWorkflows.Cli.Validation;

public enum Severity
{
    /// <summary>The provider refuses the file, or trains on something other than what was meant.</summary>
    Error,

    /// <summary>Trains, but probably not as intended.</summary>
    Warning,
}
