using FineTuneWorkflows.Wire;
using FineTuneWorkflows.Workflows;

namespace FineTuneWorkflows.Tests.Replay.Scripting;

/// <summary>
/// Where scripts start: <c>Script.Job("success").Prepared(at: 1.Seconds()).Created(JobStatus.ValidatingFiles, at: 3.Seconds())
/// .Then(JobStatus.Queued, at: 5.Minutes())…</c>. Times are offsets from the workflow's start,
/// on a fixed clock, so the same script always writes the same history.
/// </summary>
public static class Script
{
    public static readonly DateTimeOffset Epoch = new(2025, 6, 2, 9, 0, 0, TimeSpan.Zero);

    public static readonly CreateFineTuningJobRequest Request = new()
    {
        Model = "gpt-4o-mini-2024-07-18",
        TrainingFile = "file-train-7c1d",
        ValidationFile = "file-valid-19aa",
        Suffix = "support-bot",
        Seed = 42,
    };

    public const string Provider = "portkey (openai)";

    /// <param name="name">Names the scenario, its workflow id and its runs.</param>
    /// <param name="options">The workflow's options; null as the Starter sends by default.</param>
    /// <param name="updateWithStart">Started as the Starter starts it: with the WaitForJob update in the first task.</param>
    /// <param name="runStart">A client's start, or a retry or reset of an earlier run.</param>
    public static JobScript Job(string name, FineTuneOptions? options = null, CreateFineTuningJobRequest? request = null, bool updateWithStart = false, JobScript.RunStart runStart = JobScript.RunStart.Fresh)
    {
        var asked = request ?? Request;
        var template = new FineTuningJob
        {
            Id = $"ftjob-{name}",
            Object = "fine_tuning.job",
            Model = asked.Model,
            TrainingFile = asked.TrainingFile,
            ValidationFile = asked.ValidationFile,
            Suffix = asked.Suffix,
            Seed = asked.Seed,
            CreatedAt = Epoch.AddSeconds(2).ToUnixTimeSeconds(),
        };
        return new JobScript(name, new FineTuneInput { Request = asked, Options = options }, template, Provider, Epoch, updateWithStart, runStart);
    }
}
