namespace FineTuneWorkflows.Cli.Validation;

/// <summary>One check of a training file. <paramref name="Code"/> is the recipe's name for it where it has one.</summary>
public sealed record Rule(string Code, Severity Severity, string Description);
