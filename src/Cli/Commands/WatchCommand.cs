using System.ComponentModel;
using FineTuneWorkflows.Cli.Api;
using FineTuneWorkflows.Cli.Watching;
using FineTuneWorkflows.Wire;
using Spectre.Console;
using Spectre.Console.Cli;

namespace FineTuneWorkflows.Cli.Commands;

/// <summary>
/// <c>ftw watch ID</c>: follows a job until it ends — live on a terminal, plain lines otherwise.
/// Ctrl-C stops the watching, never the job: the workflow goes on without anyone looking.
/// </summary>
public sealed class WatchCommand(IAnsiConsole console, CliEnvironment environment, HttpClient http, TimeProvider clock) : AsyncCommand<WatchCommand.Settings>
{
    /// <summary>Events read per look: enough for every step between two looks at the default interval.</summary>
    public const int EventsPerLook = 100;

    public sealed class Settings : JobIdSettings
    {
        [CommandOption("--interval <SECONDS>")]
        [Description("Seconds between looks at the job.")]
        [DefaultValue(5.0)]
        public double Interval { get; init; } = 5;

        [CommandOption("--plain")]
        [Description("Plain lines even on a terminal.")]
        public bool Plain { get; init; }

        public override ValidationResult Validate() =>
            Interval is < 0.01 or > 3600 ? ValidationResult.Error("--interval must be from 0.01 to 3600 seconds") : ValidationResult.Success();
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var starter = StarterClient.From(environment, settings.BaseUrl, settings.ApiKey, http);
        var state = new WatchState();
        var live = !settings.Plain && !settings.Json && console.Profile.Capabilities.Interactive && console.Profile.Capabilities.Ansi;
        try
        {
            if (live)
            {
                await console.Live(WatchView.Render(state, clock.GetUtcNow(), console.Profile.Width)).StartAsync(async display =>
                    await FollowAsync(starter, settings, state, _ => display.UpdateTarget(WatchView.Render(state, clock.GetUtcNow(), console.Profile.Width)), cancellationToken));
            }
            else
            {
                // With --json, nothing but the final job: the output is for a machine.
                await FollowAsync(starter, settings, state, lines => Print(settings.Json ? [] : lines), cancellationToken);
                if (!settings.Json)
                {
                    console.WriteLine(WatchView.Final(state.Job!));
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            console.MarkupLineInterpolated($"Stopped watching; the job goes on (ftw watch {settings.Id} to look again, ftw cancel {settings.Id} to stop it).");
            return ExitCodes.Interrupted;
        }

        if (settings.Json)
        {
            JsonOutput.Write(console, state.Job);
        }

        return state.Job?.Status == JobStatus.Succeeded ? ExitCodes.Ok : ExitCodes.Refused;
    }

    private async Task FollowAsync(StarterClient starter, Settings settings, WatchState state, Action<IReadOnlyList<string>> show, CancellationToken cancellationToken)
    {
        while (true)
        {
            var job = await starter.RetrieveAsync(settings.Id, cancellationToken);
            var events = await starter.EventsAsync(settings.Id, EventsPerLook, cancellationToken);
            show(state.Apply(job, events.Data, clock.GetUtcNow()));
            if (state.Ended)
            {
                return;
            }

            await Task.Delay(TimeSpan.FromSeconds(settings.Interval), clock, cancellationToken);
        }
    }

    private void Print(IReadOnlyList<string> lines)
    {
        foreach (var line in lines)
        {
            console.WriteLine(line);
        }
    }
}
