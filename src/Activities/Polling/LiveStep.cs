using System.Text.Json.Serialization;
using FineTuneWorkflows.Wire;

namespace FineTuneWorkflows.Activities.Polling;

/// <summary>
/// One training step as a check carries it, with when the provider told of it. The names are one
/// letter because every byte counts: see <see cref="LiveProgress.MaxBytes"/>.
/// </summary>
public sealed record LiveStep(
    [property: JsonPropertyName("s")] long Step,
    [property: JsonPropertyName("at")] long At,
    [property: JsonPropertyName("n"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? TotalSteps = null,
    [property: JsonPropertyName("l"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? TrainLoss = null,
    [property: JsonPropertyName("v"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? ValidLoss = null,
    [property: JsonPropertyName("a"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? TrainAccuracy = null)
{
    /// <summary>The step of a <c>metrics</c> event; null for any other event.</summary>
    public static LiveStep? From(JobEvent jobEvent) =>
        StepFigures.FromEvent(jobEvent) is { } figures
            ? new LiveStep(figures.Step, jobEvent.CreatedAt ?? 0, figures.TotalSteps, figures.TrainLoss, figures.ValidLoss, figures.TrainAccuracy)
            : null;

    public StepFigures Figures() => new(Step, TotalSteps, TrainLoss, ValidLoss, TrainAccuracy);
}
