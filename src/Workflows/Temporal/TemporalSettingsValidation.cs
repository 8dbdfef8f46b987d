using Microsoft.Extensions.Options;

namespace FineTuneWorkflows.Workflows.Temporal;

/// <summary>Refuses to start with unusable Temporal settings, naming each one to fix.</summary>
public sealed class TemporalSettingsValidation : IValidateOptions<TemporalSettings>
{
    public ValidateOptionsResult Validate(string? name, TemporalSettings options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Problems();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
