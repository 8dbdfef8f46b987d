using System.Diagnostics;
using System.Text.Json;
using FineTuneWorkflows.Activities.Provider;
using FineTuneWorkflows.Simulator;
using FineTuneWorkflows.Simulator.Hosting;
using FineTuneWorkflows.Wire;
using Microsoft.Extensions.Options;

namespace FineTuneWorkflows.Bench.Client;

/// <summary>
/// The simulator in a child process (this same program, with <c>--serve-simulator</c>), so the
/// client benchmarks count the client's allocations only, and the capacity benchmark's server
/// has a process of its own.
/// </summary>
public sealed class SimulatorProcess : IAsyncDisposable
{
    public const string ServeArgument = "--serve-simulator";

    /// <summary>With <see cref="ServeArgument"/>: jobs stay validating for a day instead of ending at once.</summary>
    public const string LongJobsArgument = "--long-jobs";
    public const string ApiKey = "sk-bench-0123456789";

    private readonly Process process;

    private SimulatorProcess(Process process, Uri baseUrl, string jobId)
    {
        this.process = process;
        BaseUrl = baseUrl;
        JobId = jobId;
    }

    /// <summary>The OpenAI-style base URL, ending in <c>/v1</c>.</summary>
    public Uri BaseUrl { get; }

    /// <summary>A job that has already succeeded, with its whole list of events (still validating with long jobs).</summary>
    public string JobId { get; }

    /// <summary>Child side: serve until stdin closes. Jobs finish at once, so reads are stable (or stay validating for a day).</summary>
    public static async Task ServeAsync(bool longJobs = false)
    {
        var phase = longJobs ? TimeSpan.FromDays(1) : TimeSpan.FromMilliseconds(1);
        var options = new SimulatorOptions { ValidatingFiles = phase, Queued = phase, Running = phase };
        await using var host = await SimulatorHost.StartAsync(options);
        await Console.Out.WriteLineAsync(host.BaseUrl.AbsoluteUri);
        await Console.Out.FlushAsync();
        await Console.In.ReadToEndAsync();
    }

    public static async Task<SimulatorProcess> StartAsync(bool longJobs = false)
    {
        var exe = Environment.ProcessPath!;
        var start = new ProcessStartInfo(exe)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        if (Path.GetFileNameWithoutExtension(exe) == "dotnet")
        {
            start.ArgumentList.Add(typeof(SimulatorProcess).Assembly.Location);
        }

        start.ArgumentList.Add(ServeArgument);
        if (longJobs)
        {
            start.ArgumentList.Add(LongJobsArgument);
        }

        var process = Process.Start(start)!;
        var line = await process.StandardOutput.ReadLineAsync() ?? throw new InvalidOperationException("the simulator process ended before it listened");
        var baseUrl = new Uri(line.Trim());
        using var http = new HttpClient();
        var client = new FineTuningClient(http, Options.Create(new ProviderOptions { Kind = ProviderKind.OpenAI, BaseUrl = baseUrl, ApiKey = ApiKey }), TimeProvider.System);
        var job = await client.CreateJobAsync(new() { Model = "gpt-4o-mini", TrainingFile = "file-train", Suffix = "bench" });
        while (!longJobs && !JobStatus.IsTerminal((await client.RetrieveJobAsync(job.Id)).Status!))
        {
            await Task.Delay(10);
        }

        return new SimulatorProcess(process, baseUrl, job.Id);
    }

    /// <summary>Every request the simulator has counted so far.</summary>
    public async Task<long> TotalCallsAsync()
    {
        using var http = new HttpClient();
        var stats = await http.GetStringAsync(new Uri(BaseUrl, "/_sim/stats"));
        using var json = JsonDocument.Parse(stats);
        return json.RootElement.GetProperty("total_calls").GetInt64();
    }

    public async ValueTask DisposeAsync()
    {
        process.StandardInput.Close();
        if (!process.WaitForExit(TimeSpan.FromSeconds(10)))
        {
            process.Kill();
        }

        await process.WaitForExitAsync();
        process.Dispose();
    }
}
