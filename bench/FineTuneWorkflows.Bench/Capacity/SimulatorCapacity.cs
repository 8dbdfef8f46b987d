using System.Diagnostics;
using System.Net.Http.Headers;
using FineTuneWorkflows.Bench.Client;

namespace FineTuneWorkflows.Bench.Capacity;

/// <param name="Served">Requests the simulator counted in the window.</param>
/// <param name="Failed">Answers that were not 2xx (there should be none).</param>
public sealed record CapacityResult(double RequestsPerSecond, long Served, long Failed, TimeSpan Window, int Concurrency);

/// <summary>
/// How many retrieve-job requests per second the simulator (in its own process) serves on
/// loopback, driven by a lean load generator in this process: both share the machine's cores,
/// so this is a lower bound of what the simulator alone could do.
/// </summary>
public static class SimulatorCapacity
{
    public static async Task<CapacityResult> MeasureAsync(SimulatorProcess simulator, int concurrency, TimeSpan warmup, TimeSpan window)
    {
        ArgumentNullException.ThrowIfNull(simulator);
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = concurrency };
        using var http = new HttpClient(handler);
        var url = new Uri($"{simulator.BaseUrl.AbsoluteUri.TrimEnd('/')}/fine_tuning/jobs/{simulator.JobId}");
        var auth = new AuthenticationHeaderValue("Bearer", SimulatorProcess.ApiKey);
        using var stop = new CancellationTokenSource();
        long failed = 0;
        var loops = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, url);
                request.Headers.Authorization = auth;
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
                await response.Content.CopyToAsync(Stream.Null);
                if (!response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref failed);
                }
            }
        })).ToList();

        await Task.Delay(warmup);
        var before = await simulator.TotalCallsAsync();
        var clock = Stopwatch.StartNew();
        await Task.Delay(window);
        var after = await simulator.TotalCallsAsync();
        var elapsed = clock.Elapsed;
        await stop.CancelAsync();
        await Task.WhenAll(loops);

        // The second stats call is counted too; it is one request among tens of thousands.
        var served = after - before - 1;
        return new CapacityResult(served / elapsed.TotalSeconds, served, Interlocked.Read(ref failed), elapsed, concurrency);
    }
}
