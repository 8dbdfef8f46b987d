using FineTuneWorkflows.Activities.Creation;
using FineTuneWorkflows.Activities.Results;
using FineTuneWorkflows.Bench.Baseline;
using FineTuneWorkflows.Tests.Replay.History;
using FineTuneWorkflows.Tests.Replay.Scripting;
using FineTuneWorkflows.Wire;
using FineTuneWorkflows.Workflows;
using Temporalio.Common;

namespace FineTuneWorkflows.Bench.Replay;

/// <summary>What a design's workflow saw of one job: the statuses its wait (or poll) returned, and when.</summary>
/// <param name="Seen">Ours: each status the wait returned, at its job age. Loops: every poll's answer, in order.</param>
/// <param name="AttemptsPerChange">Ours: the attempt of each wait that saw its change (the checks it took).</param>
/// <param name="Sleeps">Loops: each timer after a poll.</param>
public sealed record Observations(IReadOnlyList<(string Status, TimeSpan Age)> Seen, IReadOnlyList<int>? AttemptsPerChange = null, IReadOnlyList<TimeSpan>? Sleeps = null);

/// <summary>
/// Histories of one job's timeline, written with the test suite's replay harness: ours through
/// <see cref="Script"/>/<see cref="JobScript"/> (the fine-tune workflow's expected history), the
/// baseline through <see cref="HistoryWriter"/> event by event, one poll and one timer per iteration.
/// </summary>
public static class Histories
{
    /// <summary>The server's default <c>limit.historyCount.suggestContinueAsNew</c>.</summary>
    public const int SuggestContinueAsNewAt = 4 * 1024;

    private const string FineTunedModel = "ft:gpt-4o-mini-2024-07-18:acme:support-bot:9xYzQ2";
    private const string ResultFile = "file-result-5d2e";
    private static readonly TimeSpan PrepareAnswered = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan CreateAnswered = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan ResultsTake = TimeSpan.FromSeconds(30);

    public static readonly MetricsSummary Metrics = new(
        Rows: 300, LastStep: 300, FinalTrainLoss: 0.412, BestTrainLoss: 0.398, FinalTrainAccuracy: 0.87, BestTrainAccuracy: 0.88,
        FinalValidLoss: 0.455, BestValidLoss: 0.451, FinalValidAccuracy: null, BestValidAccuracy: null);

    public static readonly ResultArtifact Artifact = new(
        ResultFile, "step_metrics.csv", "/var/lib/finetune/artifacts/ftjob/step_metrics.csv", 18_234,
        "9f2c1e0b7a6d5c4b3a29180716f5e4d3c2b1a09f8e7d6c5b4a3928170615f4e3");

    /// <summary>Our design: one wait activity per status change, from create to stored results.</summary>
    public static Scenario Ours(string name, Observations observed)
    {
        ArgumentNullException.ThrowIfNull(observed);
        var script = Script.Job(name).Prepared(at: PrepareAnswered).Created(JobStatus.ValidatingFiles, at: CreateAnswered);
        var last = CreateAnswered;
        for (var i = 0; i < observed.Seen.Count; i++)
        {
            var (status, age) = observed.Seen[i];
            var attempt = observed.AttemptsPerChange?[i] ?? 1;

            // Offsets keep the history moving forward past the harness's own task latencies.
            var at = CreateAnswered + age > last + TimeSpan.FromSeconds(1) ? CreateAnswered + age : last + TimeSpan.FromSeconds(1);
            last = at;
            script = status == JobStatus.Succeeded
                ? script.Succeeded(at, FineTunedModel, trainedTokens: 1_250_000, attempt, ResultFile)
                : script.Then(status, at, attempt: attempt);
        }

        return script.Results(last + ResultsTake, Metrics, Artifact).Build();
    }

    /// <summary>
    /// The baseline: create, then for every poll the run made one short activity and (unless the
    /// job had ended) a timer — 10 seconds, or the <see cref="Observations.Sleeps"/> a timer loop
    /// took — continuing as new when the server would suggest it.
    /// </summary>
    public static IReadOnlyList<WorkflowHistory> Baseline(string name, Observations polls)
    {
        ArgumentNullException.ThrowIfNull(polls);
        var input = new PollingLoopInput(Script.Request);
        var template = JobTemplate(name);
        var runs = new List<WorkflowHistory>();
        var run = 1;
        var runId = $"{name}-run-{run}";
        var workflowId = $"baseline-{name}";
        var writer = new HistoryWriter(workflowId, "fine-tune", Script.Epoch);
        writer.WorkflowExecutionStarted(TemporalPayloads.Payload(input), runId);
        var task = writer.WorkflowTask();
        var activities = 0;
        var timers = 0;
        var slept = 0;

        var create = writer.ActivityTaskScheduled(task.CompletedEventId, Id(++activities), "CreateJob", TemporalPayloads.Payload(new CreateJobInput(runId, input.Request, task.StartedAt)), ActivityPolicies.Create);
        writer.AdvanceTo(Script.Epoch + CreateAnswered);
        writer.ActivityTaskCompleted(create, writer.ActivityTaskStarted(create, 1), TemporalPayloads.Payload(new CreateJobOutput(template with { Status = JobStatus.ValidatingFiles }, false, Script.Provider)));
        task = Task(writer);

        foreach (var (status, _) in polls.Seen)
        {
            var poll = writer.ActivityTaskScheduled(task.CompletedEventId, Id(++activities), "PollJob", TemporalPayloads.Payload(new PollJobInput(template.Id)), PollingLoopBaselineWorkflow.PollOptions);
            writer.AdvanceTo(writer.Now + TimeSpan.FromMilliseconds(50));
            var job = status == JobStatus.Succeeded
                ? template with { Status = status, FineTunedModel = FineTunedModel, TrainedTokens = 1_250_000, ResultFiles = [ResultFile], FinishedAt = writer.Now.ToUnixTimeSeconds() }
                : template with { Status = status };
            writer.ActivityTaskCompleted(poll, writer.ActivityTaskStarted(poll, 1), TemporalPayloads.Payload(job));
            task = Task(writer);

            if (status == JobStatus.Succeeded)
            {
                var retrieve = writer.ActivityTaskScheduled(task.CompletedEventId, Id(++activities), "RetrieveResultFiles", TemporalPayloads.Payload(new RetrieveResultFilesInput(template.Id, null)), ActivityPolicies.RetrieveResults);
                writer.AdvanceTo(writer.Now + ResultsTake);
                var output = new RetrieveResultFilesOutput([Artifact], Metrics);
                writer.ActivityTaskCompleted(retrieve, writer.ActivityTaskStarted(retrieve, 1), TemporalPayloads.Payload(output));
                task = Task(writer);
                writer.WorkflowExecutionCompleted(task.CompletedEventId, TemporalPayloads.Payload(output));
                runs.Add(Finish(writer));
                return runs;
            }

            if (JobStatus.IsTerminal(status))
            {
                throw new NotSupportedException($"the benchmark's jobs succeed; {status} is not scripted");
            }

            if (writer.Events[^2].WorkflowTaskStartedEventAttributes.SuggestContinueAsNew)
            {
                var next = input with { JobId = template.Id };
                var nextRunId = $"{name}-run-{++run}";
                writer.WorkflowExecutionContinuedAsNew(task.CompletedEventId, TemporalPayloads.Payload(next), nextRunId);
                runs.Add(Finish(writer));
                var previous = runId;
                runId = nextRunId;
                writer = new HistoryWriter(workflowId, "fine-tune", writer.Now);
                writer.WorkflowExecutionStarted(TemporalPayloads.Payload(next), runId, previous);
                task = Task(writer);
                activities = 0;
                timers = 0;
                continue;
            }

            var sleep = polls.Sleeps?[slept++] ?? PollingLoopBaselineWorkflow.PollEvery;
            var timerId = Id(++timers);
            var timer = writer.TimerStarted(task.CompletedEventId, timerId, sleep);
            writer.AdvanceTo(writer.Now + sleep);
            writer.TimerFired(timerId, timer);
            task = Task(writer);
        }

        throw new InvalidOperationException("the polls never saw the job end");
    }

    private static FineTuningJob JobTemplate(string name) => new()
    {
        Id = $"ftjob-{name}",
        Object = "fine_tuning.job",
        Model = Script.Request.Model,
        TrainingFile = Script.Request.TrainingFile,
        ValidationFile = Script.Request.ValidationFile,
        Suffix = Script.Request.Suffix,
        Seed = Script.Request.Seed,
        CreatedAt = Script.Epoch.AddSeconds(2).ToUnixTimeSeconds(),
    };

    /// <summary>A workflow task, flagged "continue as new suggested" once the history is long enough, as the server does.</summary>
    private static WorkflowTask Task(HistoryWriter writer) => writer.WorkflowTask(writer.Count >= SuggestContinueAsNewAt);

    /// <summary>The harness writes the fine-tune workflow's type; this history is the baseline's.</summary>
    private static WorkflowHistory Finish(HistoryWriter writer)
    {
        foreach (var e in writer.Events)
        {
            if (e.WorkflowExecutionStartedEventAttributes is { } started)
            {
                started.WorkflowType.Name = "PollingLoopBaseline";
            }

            if (e.WorkflowExecutionContinuedAsNewEventAttributes is { } continued)
            {
                continued.WorkflowType.Name = "PollingLoopBaseline";
            }
        }

        return writer.ToHistory();
    }

    private static string Id(int n) => n.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
