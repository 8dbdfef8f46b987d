using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;

namespace FineTuneWorkflows.Hosting;

/// <summary>
/// How a web process runs, the same for each: build, start, run until shut down; a reason not to
/// start is one line on stderr, naming the setting or address to fix, and exit code 2 — never a
/// stack trace, which is what an exception escaping <c>Main</c> prints.
/// </summary>
public static class WebProgram
{
    public const int ConfigurationError = 2;

    /// <param name="name">The process, first on the line (<c>FineTuneWorkflows.Starter</c>).</param>
    /// <param name="build">Reads settings and builds the app; it may throw for a bad setting.</param>
    /// <param name="reasonNotToStart">The line for an exception that means "fix this and start again"; null for any other, which is thrown.</param>
    public static async Task<int> RunAsync(
        string name, Func<WebApplication> build, Func<Exception, string?> reasonNotToStart, TextWriter error, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(build);
        ArgumentNullException.ThrowIfNull(reasonNotToStart);
        ArgumentNullException.ThrowIfNull(error);
        WebApplication? app = null;
        var started = false;
        try
        {
            app = build();
            await app.StartAsync(cancellationToken);
            started = true;
            await app.WaitForShutdownAsync(cancellationToken);
            return 0;
        }
        catch (Exception e) when (!started && reasonNotToStart(e) is { } reason)
        {
            await error.WriteLineAsync($"{name}: {reason.ReplaceLineEndings(" ")}");
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
}
