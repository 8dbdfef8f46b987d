using FineTuneWorkflows.Hosting;
using FineTuneWorkflows.Workflows.Temporal;
using Microsoft.Extensions.Options;

namespace FineTuneWorkflows.Starter.Hosting;

/// <summary>The starter process: settings, host, listen; any reason not to start is one line and exit code 2, as for the worker.</summary>
public static class StarterProgram
{
    public static Task<int> RunAsync(string[] args, TextWriter error, CancellationToken cancellationToken = default) =>
        WebProgram.RunAsync("FineTuneWorkflows.Starter", () => Build(args), ReasonNotToStart, error, cancellationToken);

    private static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        ReadSettings(builder.Configuration);
        return StarterApp.Build(builder);
    }

    /// <summary>
    /// A value the binder cannot read (a word where a number belongs) throws wherever the options
    /// are first used; reading both sections here turns it into the binder's message, which names
    /// the key, before anything else runs.
    /// </summary>
    private static void ReadSettings(ConfigurationManager configuration)
    {
        try
        {
            _ = configuration.GetSection(StarterOptions.Section).Get<StarterOptions>();
            _ = configuration.GetSection(TemporalSettings.Section).Get<TemporalSettings>();
        }
        catch (InvalidOperationException e)
        {
            throw new StarterStartupException($"configuration: {e.Message}", e);
        }
    }

    private static string? ReasonNotToStart(Exception e) => e switch
    {
        StarterStartupException startup => startup.Message,
        OptionsValidationException invalid => Configuration(invalid.Failures),
        // Both sections failed validation: every failure, in the one line.
        AggregateException many when many.InnerExceptions.All(i => i is OptionsValidationException) =>
            Configuration(many.InnerExceptions.Cast<OptionsValidationException>().SelectMany(i => i.Failures)),
        // Kestrel could not listen where it was told (address in use, no such interface); its message names the address.
        IOException io => io.Message,
        _ => null,
    };

    private static string Configuration(IEnumerable<string> failures) => $"configuration: {string.Join("; ", failures)}";
}
