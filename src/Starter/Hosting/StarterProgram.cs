using FineTuneWorkflows.Hosting;
using FineTuneWorkflows.Workflows.Temporal;

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
    private static void ReadSettings(ConfigurationManager configuration) => StartupFailure.Read(() =>
    (
        configuration.GetSection(StarterOptions.Section).Get<StarterOptions>(),
        configuration.GetSection(TemporalSettings.Section).Get<TemporalSettings>()));

    // Kestrel could not listen where it was told (address in use, no such interface): its message names the address.
    private static string? ReasonNotToStart(Exception e) => StartupFailure.Reason(e) ?? (e as IOException)?.Message;
}
