using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using FineTuneWorkflows.Tests.Replay.Capture;
using FineTuneWorkflows.Tests.Replay.Scripting;
using Temporalio.Common;

namespace FineTuneWorkflows.Tests.Replay.Fixtures;

/// <summary>What a committed history must replay to: the sidecar beside each history file.</summary>
public sealed record FixtureExpectation(ReplayOutcome Outcome, IReadOnlyList<CapturedCall> Calls);

/// <summary>
/// Committed histories: <c>{version}/{scenario}.run{n}.history.json</c> (the server's JSON shape, as
/// <c>temporal workflow show --output json</c> writes it, so an exported production history can
/// be dropped in too) and <c>{scenario}.run{n}.expected.json</c>. They are written only when
/// <c>FTW_WRITE_FIXTURES=1</c>; a normal run only reads them. The writing run may still replay
/// the copies it found at start; build and run again before committing. Rewrite a fixture only
/// for a new scenario: an old fixture that stops replaying is the point of having it. Each
/// folder holds the histories one version of the workflow recorded (<c>v1</c>: before the
/// <see cref="Workflows.Patches"/>; <c>v2</c>: with the money-safety patches and the heartbeating
/// wait; <c>v3</c>: the wait by <c>CheckJob</c>, and, in the <c>webhook-*</c> scenarios, cut short by a webhook; in the <c>capacity-*</c> ones, a create refused for want of room waits on a timer); only <see cref="CurrentVersion"/> is ever written.
/// </summary>
public static class FixtureFiles
{
    public const string WriteVariable = "FTW_WRITE_FIXTURES";

    /// <summary>The folder the scenarios of today's workflow are written to.</summary>
    public const string CurrentVersion = "v3";

    private const string HistorySuffix = ".history.json";

    // Relaxed escaping keeps the JSON carried inside the sidecars readable (no \u0022 for every quote).
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The copies next to the test assembly, which is what CI has.</summary>
    public static string OutputFolder => Path.Combine(AppContext.BaseDirectory, "Replay", "Fixtures");

    public static bool WriteRequested => Environment.GetEnvironmentVariable(WriteVariable) == "1";

    /// <summary>Every committed fixture, as <c>{version}/{scenario}.run{n}</c>.</summary>
    public static IEnumerable<string> Names =>
        Directory.Exists(OutputFolder)
            ? Directory.EnumerateFiles(OutputFolder, "*" + HistorySuffix, SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(OutputFolder, f)[..^HistorySuffix.Length].Replace(Path.DirectorySeparatorChar, '/'))
                .Order(StringComparer.Ordinal)
            : [];

    public static string NameOf(Scenario scenario, int run) => $"{CurrentVersion}/{scenario.Name}.run{run + 1}";

    /// <summary>
    /// The history under the workflow id its scenario ran with: a history's JSON does not carry the
    /// id, and the workflow reads it (a capacity wait's jitter is drawn from it), so replaying under
    /// another id would be replaying another workflow.
    /// </summary>
    public static WorkflowHistory ReadHistory(string name) =>
        WorkflowHistory.FromJson(WorkflowIdOf(name), File.ReadAllText(Path.Combine(OutputFolder, name + HistorySuffix)));

    /// <summary><c>v3/capacity-cancel.run1</c> ran as <c>replay-capacity-cancel</c>.</summary>
    public static string WorkflowIdOf(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var scenario = name[(name.IndexOf('/', StringComparison.Ordinal) + 1)..];
        return $"replay-{scenario[..scenario.LastIndexOf(".run", StringComparison.Ordinal)]}";
    }

    public static FixtureExpectation ReadExpectation(string name) =>
        JsonSerializer.Deserialize<FixtureExpectation>(File.ReadAllText(Path.Combine(OutputFolder, name + ".expected.json")))
        ?? throw new InvalidDataException($"{name}.expected.json is empty");

    /// <summary>
    /// Writes every run of the scenario into the source tree, to be reviewed and committed, and
    /// beside the assembly, so the same run replays what it wrote.
    /// </summary>
    public static void Write(Scenario scenario)
    {
        foreach (var folder in new[] { SourceFolder(), OutputFolder })
        {
            Directory.CreateDirectory(Path.Combine(folder, CurrentVersion));
            WriteTo(folder, scenario);
        }
    }

    private static void WriteTo(string folder, Scenario scenario)
    {
        for (var run = 0; run < scenario.Runs.Count; run++)
        {
            var scripted = scenario.Runs[run];
            var name = NameOf(scenario, run);

            // Indented so a changed fixture reads as a small diff in review.
            var history = JsonNode.Parse(scripted.History.ToJson())!.ToJsonString(Indented);
            File.WriteAllText(Path.Combine(folder, name + HistorySuffix), history + "\n");
            var expectation = JsonSerializer.Serialize(new FixtureExpectation(scripted.Outcome, scripted.Calls), Indented);
            File.WriteAllText(Path.Combine(folder, name + ".expected.json"), expectation + "\n");
        }
    }

    /// <summary>The folder of this very file, as the compiler saw it.</summary>
    private static string SourceFolder([CallerFilePath] string thisFile = "") => Path.GetDirectoryName(thisFile)!;
}
