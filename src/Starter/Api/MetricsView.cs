using System.Text.Json.Serialization;
using FineTuneWorkflows.Activities.Results;

namespace FineTuneWorkflows.Starter.Api;

public sealed record MetricsView(
    [property: JsonPropertyName("rows")] long Rows,
    [property: JsonPropertyName("last_step")] long? LastStep,
    [property: JsonPropertyName("final_train_loss")] double? FinalTrainLoss,
    [property: JsonPropertyName("best_train_loss")] double? BestTrainLoss,
    [property: JsonPropertyName("final_train_accuracy")] double? FinalTrainAccuracy,
    [property: JsonPropertyName("best_train_accuracy")] double? BestTrainAccuracy,
    [property: JsonPropertyName("final_valid_loss")] double? FinalValidLoss,
    [property: JsonPropertyName("best_valid_loss")] double? BestValidLoss,
    [property: JsonPropertyName("final_valid_accuracy")] double? FinalValidAccuracy,
    [property: JsonPropertyName("best_valid_accuracy")] double? BestValidAccuracy)
{
    public static MetricsView From(MetricsSummary m)
    {
        ArgumentNullException.ThrowIfNull(m);
        return new(m.Rows, m.LastStep, m.FinalTrainLoss, m.BestTrainLoss, m.FinalTrainAccuracy, m.BestTrainAccuracy,
            m.FinalValidLoss, m.BestValidLoss, m.FinalValidAccuracy, m.BestValidAccuracy);
    }
}
