using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using FineTuneWorkflows.Bench.Report;

namespace FineTuneWorkflows.Bench.Client;

/// <summary>Figure 2, with BenchmarkDotNet (short run, in process, memory diagnoser).</summary>
public static class ClientEfficiency
{
    public const string Section = "2. Client efficiency";

    public static async Task<IReadOnlyList<Row>> RunAsync(SimulatorProcess simulator, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(simulator);
        ArgumentNullException.ThrowIfNull(log);
        ClientBenchmarks.BaseUrl = simulator.BaseUrl;
        ClientBenchmarks.JobId = simulator.JobId;

        // Each benchmarked call must be exactly one request, or the comparison is off.
        using (var check = new ClientBenchmarks())
        {
            check.Setup();
            foreach (var (name, call) in new (string, Func<Task>)[]
            {
                ("RetrieveJob_Ours", check.RetrieveJob_Ours),
                ("RetrieveJob_OpenAI", check.RetrieveJob_OpenAI),
                ("RetrieveJob_HttpFloor", check.RetrieveJob_HttpFloor),
                ("ListEvents_Ours", check.ListEvents_Ours),
                ("ListEvents_HttpFloor", check.ListEvents_HttpFloor),
                ("ListEvents_OpenAI", check.ListEvents_OpenAI),
            })
            {
                var before = await simulator.TotalCallsAsync();
                for (var i = 0; i < 10; i++)
                {
                    await call();
                }

                var requests = (await simulator.TotalCallsAsync() - before - 1) / 10.0;
                if (requests != 1)
                {
                    throw new InvalidOperationException($"{name} makes {requests} requests per call, not 1");
                }
            }

            // The simulator's process compiles its hot paths again (tiered JIT) in its first
            // seconds of load; warm it up so the first benchmark does not pay for it.
            var warming = System.Diagnostics.Stopwatch.StartNew();
            while (warming.Elapsed < TimeSpan.FromSeconds(4))
            {
                await check.RetrieveJob_Ours();
                await check.RetrieveJob_OpenAI();
                await check.ListEvents_Ours();
                await check.ListEvents_OpenAI();
            }
        }

        // Short: one launch, 3 warm-ups, 8 iterations (ShortRun's 3 left the error bars wider than the differences).
        var job = Job.ShortRun.WithIterationCount(8).WithToolchain(InProcessEmitToolchain.Instance).WithId("Short-InProcess");
        var config = ManualConfig.CreateEmpty()
            .AddJob(job)
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddLogger(ConsoleLogger.Default)
            .AddColumnProvider(BenchmarkDotNet.Columns.DefaultColumnProviders.Instance)
            .WithArtifactsPath(Path.Combine(Path.GetTempPath(), "ftw-bench-artifacts"))
            .WithOptions(ConfigOptions.DisableLogFile);
        var summary = BenchmarkRunner.Run<ClientBenchmarks>(config);
        var measured = summary.Reports.ToDictionary(
            r => r.BenchmarkCase.Descriptor.WorkloadMethod.Name,
            r => (Mean: r.ResultStatistics?.Mean ?? double.NaN, Margin: r.ResultStatistics?.ConfidenceInterval.Margin ?? double.NaN, Bytes: (double)(r.GcStats.GetBytesAllocatedPerOperation(r.BenchmarkCase) ?? 0)),
            StringComparer.Ordinal);
        log.WriteLine($"  client benchmarks: {summary.Reports.Length} reports in {summary.TotalTime}");

        var rows = new List<Row>();
        foreach (var (call, label) in new[] { ("RetrieveJob", "retrieve job"), ("ListEvents", $"list events (page of {ClientBenchmarks.EventsPage})") })
        {
            var ours = measured[$"{call}_Ours"];
            var theirs = measured[$"{call}_OpenAI"];
            var oursRate = 1e9 / ours.Mean;
            var theirRate = 1e9 / theirs.Mean;
            rows.Add(new(Section, $"Calls per second, {label}, one at a time", Format.N(oursRate), Format.N(theirRate), Format.Higher(oursRate, theirRate), "≥ 1× (at least equal)", oursRate >= theirRate,
                $"Mean time per call, ours {Format.N(ours.Mean / 1000, 1)} ± {Format.N(ours.Margin / 1000, 1)} µs, OpenAI {Format.N(theirs.Mean / 1000, 1)} ± {Format.N(theirs.Margin / 1000, 1)} µs (99.9 % confidence); where the intervals overlap the two are not told apart by this run"));
            var floor = measured[$"{call}_HttpFloor"];
            rows.Add(new(Section, $"Bytes allocated per call, {label}", Format.Bytes(ours.Bytes), Format.Bytes(theirs.Bytes), Format.Fewer(ours.Bytes, theirs.Bytes, "less", "more"), "≤ 0.5× (at most half)", ours.Bytes <= theirs.Bytes / 2,
                $"A plain HttpClient GET that only reads the body as bytes allocates {Format.Bytes(floor.Bytes)} per call here ({Format.N(1e9 / floor.Mean)} calls/s), so half of the OpenAI client's {Format.Bytes(theirs.Bytes)} leaves {Format.Bytes(theirs.Bytes / 2 - floor.Bytes)} for request, parsing and objects; ours spends {Format.Bytes(ours.Bytes - floor.Bytes)} there, the OpenAI client {Format.Bytes(theirs.Bytes - floor.Bytes)}"));
            rows.Add(new(Section, $"Bytes allocated per call above a bare HttpClient GET, {label}", Format.Bytes(ours.Bytes - floor.Bytes), Format.Bytes(theirs.Bytes - floor.Bytes), Format.Fewer(ours.Bytes - floor.Bytes, theirs.Bytes - floor.Bytes, "less", "more"), "—", null));
        }

        return rows;
    }
}
