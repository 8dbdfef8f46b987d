using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FineTuneWorkflows.Hosting;

/// <summary>
/// Settings checked once, at start-up, in every process: each settings class says what makes it
/// unusable (its <c>Problems()</c>, naming the setting to fix) and the process refuses to start
/// on any, listing them all rather than the first.
/// </summary>
public static class CheckedSettings
{
    public static OptionsBuilder<TSettings> AddCheckedSettings<TSettings>(
        this IServiceCollection services, IConfigurationSection section, Func<TSettings, IEnumerable<string>> problems)
        where TSettings : class
    {
        ArgumentNullException.ThrowIfNull(problems);
        services.AddSingleton<IValidateOptions<TSettings>>(new Validation<TSettings>(problems));
        return services.AddOptions<TSettings>().Bind(section).ValidateOnStart();
    }

    private sealed class Validation<TSettings>(Func<TSettings, IEnumerable<string>> problems) : IValidateOptions<TSettings>
        where TSettings : class
    {
        public ValidateOptionsResult Validate(string? name, TSettings options)
        {
            ArgumentNullException.ThrowIfNull(options);
            var found = problems(options).ToList();
            return found.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(found);
        }
    }
}
