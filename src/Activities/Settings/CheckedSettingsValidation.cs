using Microsoft.Extensions.Options;

namespace FineTuneWorkflows.Activities.Settings;

/// <summary>Refuses to start with unusable settings, naming each one to fix (<see cref="ICheckedSettings.Problems"/>).</summary>
public sealed class CheckedSettingsValidation<TSettings> : IValidateOptions<TSettings>
    where TSettings : class, ICheckedSettings
{
    public ValidateOptionsResult Validate(string? name, TSettings options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Problems();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
