using FineTuneWorkflows.Activities.Cancel;
using FineTuneWorkflows.Activities.Creation;
using FineTuneWorkflows.Activities.Pause;
using FineTuneWorkflows.Activities.Polling;
using FineTuneWorkflows.Activities.Provider;
using FineTuneWorkflows.Activities.Results;
using FineTuneWorkflows.Simulator;
using FineTuneWorkflows.Simulator.Hosting;

namespace FineTuneWorkflows.Tests.Support;

/// <summary>
/// The real pieces wired as a worker wires them: the simulator on a loopback port, our client
/// over real HTTP, the activities, and an artifact folder of its own.
/// </summary>
public sealed class ProviderRig : IAsyncDisposable
{
    public const string ApiKey = "sk-test-0123456789abcdef";

    private readonly HttpClient http = new();

    private ProviderRig(SimulatorHost simulator, ProviderOptions options, TimeProvider clock)
    {
        Simulator = simulator;
        Options = options;
        Clock = clock;
        ArtifactRoot = Path.Combine(Path.GetTempPath(), $"ftw-test-{Guid.NewGuid():N}");
        // Request timeouts guard real sockets, so the client keeps wall-clock time even when the
        // job's clock is accelerated.
        Client = new FineTuningClient(http, Microsoft.Extensions.Options.Options.Create(options), TimeProvider.System);
        var artifacts = new LocalFolderArtifactStore(Microsoft.Extensions.Options.Options.Create(new ArtifactOptions { Folder = ArtifactRoot }));
        Creation = new CreationActivities(Client, artifacts, clock);
        Polling = new PollingActivities(Client, clock);
        Results = new ResultActivities(Client, artifacts);
        Cancel = new CancelActivities(Client);
        Pause = new PauseActivities(Client);
    }

    public SimulatorHost Simulator { get; }

    public SimulatorState State => Simulator.State;

    public ProviderOptions Options { get; }

    public TimeProvider Clock { get; }

    public FineTuningClient Client { get; }

    public CreationActivities Creation { get; }

    public PollingActivities Polling { get; }

    public ResultActivities Results { get; }

    public CancelActivities Cancel { get; }

    public PauseActivities Pause { get; }

    /// <summary>Every activity instance, as a worker registers them.</summary>
    public IReadOnlyList<object> Activities => [Creation, Polling, Results, Cancel, Pause];

    public string ArtifactRoot { get; }

    /// <summary>Fast phases by default, so a whole job takes about a second of real time.</summary>
    public static SimulatorOptions QuickJobs(TimeSpan? phase = null) => new()
    {
        ValidatingFiles = phase ?? TimeSpan.FromMilliseconds(300),
        Queued = phase ?? TimeSpan.FromMilliseconds(300),
        Running = phase ?? TimeSpan.FromMilliseconds(300),
    };

    public static async Task<ProviderRig> StartAsync(SimulatorOptions? simulator = null, TimeProvider? clock = null, Func<Uri, ProviderOptions>? provider = null)
    {
        clock ??= TimeProvider.System;
        var host = await SimulatorHost.StartAsync(simulator ?? QuickJobs(), clock);
        var options = provider?.Invoke(host.BaseUrl) ?? new ProviderOptions { Kind = ProviderKind.OpenAI, BaseUrl = host.BaseUrl, ApiKey = ApiKey };

        // Creates land at once on loopback; a test about late landings sets its own window.
        options.CreateSettleTime = TimeSpan.Zero;
        return new ProviderRig(host, options, clock);
    }

    /// <summary>
    /// The simulator drops metadata, as the Portkey gateway does, and our client is told so, as an
    /// operator configures a path that drops it (<see cref="ProviderOptions.KeepsMetadata"/>).
    /// </summary>
    public void DropMetadata(bool drop = true)
    {
        Simulator.Options.DropMetadata = drop;
        Options.KeepsMetadata = !drop;
    }

    public async ValueTask DisposeAsync()
    {
        http.Dispose();
        await Simulator.DisposeAsync();
        if (Directory.Exists(ArtifactRoot))
        {
            Directory.Delete(ArtifactRoot, recursive: true);
        }
    }
}
