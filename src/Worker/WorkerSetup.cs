using FineTuneWorkflows.Activities;
using FineTuneWorkflows.Activities.Provider;
using FineTuneWorkflows.Activities.Results;
using FineTuneWorkflows.Activities.Slots;
using FineTuneWorkflows.Activities.Visibility;
using FineTuneWorkflows.Hosting;
using FineTuneWorkflows.Worker.Telemetry;
using FineTuneWorkflows.Workflows;
using FineTuneWorkflows.Workflows.Slots;
using FineTuneWorkflows.Workflows.Telemetry;
using FineTuneWorkflows.Workflows.Temporal;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Temporalio.Client;
using Temporalio.Extensions.Hosting;
using Temporalio.Runtime;

namespace FineTuneWorkflows.Worker;

/// <summary>
/// Everything a fine-tuning worker needs, checked before anything starts: settings first (so a
/// wrong one is named even with no Temporal around), then the Temporal connection.
/// </summary>
public static class WorkerSetup
{
    public static TemporalSettings ReadSettings(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        TemporalSettings temporal;
        ProviderOptions provider;
        ArtifactOptions artifacts;
        (temporal, provider, artifacts) = StartupFailure.Read(() => (
            configuration.GetSection(TemporalSettings.Section).Get<TemporalSettings>() ?? new TemporalSettings(),
            configuration.GetSection(ProviderOptions.Section).Get<ProviderOptions>() ?? new ProviderOptions(),
            configuration.GetSection(ArtifactOptions.Section).Get<ArtifactOptions>() ?? new ArtifactOptions()));

        var problems = temporal.Problems().Concat(provider.Problems()).Concat(ArtifactProblems(artifacts)).ToList();
        return problems.Count == 0 ? temporal : throw new StartupException($"configuration: {string.Join("; ", problems)}");
    }

    /// <summary>Connects now, so that an unreachable server is one clear line at start-up rather than a failed background service.</summary>
    public static async Task<TemporalClient> ConnectAsync(TemporalSettings settings, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var options = ClientOptions(settings);
        try
        {
            return await TemporalClient.ConnectAsync(options).WaitAsync(timeout, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            throw new StartupException(
                $"cannot reach Temporal at {options.TargetHost} (namespace {options.Namespace}): {e.Message.ReplaceLineEndings(" ")}. " +
                "Start one (temporal server start-dev) or set Temporal:Address / TEMPORAL_ADDRESS.", e);
        }
    }

    /// <summary>The worker itself: workflow, activities, provider client, tuning and telemetry.</summary>
    public static IServiceCollection AddFineTuneWorker(this IServiceCollection services, IConfiguration configuration, TemporalSettings settings, ITemporalClient client)
    {
        ArgumentNullException.ThrowIfNull(settings);
        services.AddFineTuningProvider(configuration);
        services.AddCheckedSettings<ProviderOptions>(configuration.GetSection(ProviderOptions.Section), o => o.Problems());
        services.AddSingleton(client);

        // Two workers, each with its own slots: a thousand result downloads cannot hold the slots
        // that creates, cancels and checks need. Every activity is registered on both: where each
        // runs is the workflow's choice (its activity options), which a later version may change.
        if (settings.Queues != WorkerQueues.Long)
        {
            AddActivities(services.AddHostedTemporalWorker(settings.TaskQueue))
                .AddWorkflow<FineTuneWorkflow>()
                .AddWorkflow<WebhookDeliveryWorkflow>()
                .AddWorkflow<SlotLimiterWorkflow>()
                .ConfigureOptions(options =>
                {
                    options.MaxConcurrentActivities = settings.MaxConcurrentActivities;
                    options.MaxTaskQueueActivitiesPerSecond = settings.ActivitiesPerSecond;
                    options.GracefulShutdownTimeout = settings.GracefulShutdown;
                });
        }

        if (settings.Queues != WorkerQueues.Short)
        {
            AddActivities(services.AddHostedTemporalWorker(LongWork.QueueFor(settings.TaskQueue)))
                .ConfigureOptions(options =>
                {
                    options.MaxConcurrentActivities = settings.MaxConcurrentLongActivities;
                    options.GracefulShutdownTimeout = settings.GracefulShutdown;
                });
        }

        return services;
    }

    private static ITemporalWorkerServiceOptionsBuilder AddActivities(ITemporalWorkerServiceOptionsBuilder worker)
    {
        foreach (var type in JobActivities.Types)
        {
            worker.AddScopedActivities(type);
        }

        return worker.AddStaticActivities(typeof(VisibilityActivities)).AddStaticActivities(typeof(SlotActivities));
    }

    /// <summary>Temporal's standard settings plus ours, with tracing and Temporal's metrics wired to OpenTelemetry.</summary>
    public static TemporalClientConnectOptions ClientOptions(TemporalSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        TemporalClientConnectOptions options;
        try
        {
            options = settings.ConnectOptions();
        }
        catch (Exception e) when (TemporalSettings.ClientProblem(e) is { } problem)
        {
            throw new StartupException(problem, e);
        }

        options.Interceptors = [new TracingInterceptor()];
        options.Runtime = Runtime.Value;
        return options;
    }

    // One runtime per process: it owns Temporal's core threads and its metrics pipeline.
    private static readonly Lazy<TemporalRuntime> Runtime = new(() => new TemporalRuntime(new TemporalRuntimeOptions
    {
        Telemetry = new TelemetryOptions
        {
            Metrics = new MetricsOptions { CustomMetricMeter = new TemporalMeterBridge(new System.Diagnostics.Metrics.Meter(TemporalMeterBridge.MeterName)) },
        },
    }));

    private static IEnumerable<string> ArtifactProblems(ArtifactOptions artifacts)
    {
        try
        {
            Directory.CreateDirectory(artifacts.Folder);
            var probe = Path.Combine(artifacts.Folder, $".write-test-{Environment.ProcessId}");
            File.WriteAllText(probe, string.Empty);
            File.Delete(probe);
            return [];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return [$"Artifacts:Folder '{artifacts.Folder}' is not a writable folder ({e.Message})"];
        }
    }
}
