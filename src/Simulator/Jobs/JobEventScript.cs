namespace FineTuneWorkflows.Simulator.Jobs;

/// <summary>
/// The events a job has emitted by a given instant, derived from its timeline alone, so the
/// same job always tells the same story and a later read only adds to an earlier one.
/// </summary>
public static class JobEventScript
{
    public const long TotalSteps = 100;
    public const int MetricsEvents = 5;

    /// <summary>Events with time at or before <paramref name="now"/>, oldest first.</summary>
    public static IReadOnlyList<TimelineEvent> At(JobTimeline timeline, string jobId, string trainingFile, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        var script = Full(timeline, jobId, trainingFile);
        if (timeline.EffectiveCancel is { } cancelled)
        {
            script = [.. script.Where(e => e.At <= cancelled), (cancelled, "info", "The job was cancelled", "message", null)];
        }

        return [.. script
            .Select((e, i) => new TimelineEvent(i, e.At, e.Level, e.Message, e.Type, e.Metrics))
            .Where(e => e.At <= now)];
    }

    private static List<(DateTimeOffset At, string Level, string Message, string Type, TrainingStep? Metrics)> Full(JobTimeline timeline, string jobId, string trainingFile)
    {
        var events = new List<(DateTimeOffset, string, string, string, TrainingStep?)>
        {
            (timeline.CreatedAt, "info", $"Created fine-tuning job: {jobId}", "message", null),
            (timeline.CreatedAt, "info", $"Validating training file: {trainingFile}", "message", null),
        };

        if (timeline.Script == JobFate.FailValidation)
        {
            events.Add((timeline.ValidatedAt, "error", $"Training file {trainingFile} is invalid: {JobFailures.InvalidTrainingFile.Message}", "message", null));
            events.Add((timeline.ValidatedAt, "error", "The job failed due to an invalid training file.", "message", null));
            return events;
        }

        events.Add((timeline.ValidatedAt, "info", "Files validated, moving job to queued state", "message", null));
        events.Add((timeline.StartedAt, "info", "Fine-tuning job started", "message", null));
        var seed = TrainingCurve.SeedOf(jobId);
        for (var i = 1; i <= MetricsEvents; i++)
        {
            var step = TotalSteps * i / MetricsEvents;
            // A step due while a pause is still open has not happened (and is not listed).
            if (timeline.WhenRunFor(timeline.Phases.Running * i / (MetricsEvents + 1)) is not { } at)
            {
                break;
            }

            var loss = TrainingCurve.TrainLoss(seed, step, TotalSteps);
            var metrics = new TrainingStep(step, TotalSteps, Math.Round(loss, 4), Math.Round(TrainingCurve.TrainAccuracy(seed, step, TotalSteps), 4));
            events.Add((at, "info", FormattableString.Invariant($"Step {step}/{TotalSteps}: training loss={loss:F4}"), "metrics", metrics));
        }

        events.Add((timeline.EndsAt, "info", "New fine-tuned model created", "message", null));
        events.Add((timeline.EndsAt, "info", "The job has successfully completed", "message", null));

        // A pause or resume is told when it is asked for, which is never before an event already
        // told: added last and sorted stably, it never shifts the place (the id) of an earlier one.
        foreach (var pause in timeline.Pauses)
        {
            events.Add((pause.PausedAt, "info", "Pausing the job", "message", null));
            if (pause.ResumedAt is { } resumed)
            {
                events.Add((resumed, "info", "Resuming the job", "message", null));
            }
        }

        return [.. events.OrderBy(e => e.Item1)];
    }
}
