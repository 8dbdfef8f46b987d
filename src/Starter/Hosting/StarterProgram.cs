using FineTuneWorkflows.Workflows.Temporal;
using Microsoft.Extensions.Options;

namespace FineTuneWorkflows.Starter.Hosting;

/// <summary>The starter process: settings, host, listen; any reason not to start is one line and exit code 2, as for the worker.</summary>
public static class StarterProgram
{
    public const int ConfigurationError = 2;

    public static async Task<int> RunAsync(string[] args, TextWriter error, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(error);
        WebApplication? app = null;
        var started = false;
        try
        {
            var builder = WebApplication.CreateBuilder(args);
            ReadSettings(builder.Configuration);
            app = StarterApp.Build(builder);
            await app.StartAsync(cancellationToken);
            started = true;
            await app.WaitForShutdownAsync(cancellationToken);
            return 0;
        }
        catch (Exception e) when (!started && ReasonNotToStart(e) is { } reason)
        {
            await error.WriteLineAsync($"FineTuneWorkflows.Starter: {reason.ReplaceLineEndings(" ")}");
            return ConfigurationError;
        }
        finally
        {
            if (app is not null)
            {
                await app.DisposeAsync();
            }
        }
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
