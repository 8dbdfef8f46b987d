using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace FineTuneWorkflows.Wire;

/// <summary>
/// One training step's figures, as a <c>metrics</c> event's <c>data</c> gives them. Read here once
/// for everyone who follows a job's curve: the check that carries it, the starter that serves it
/// again as events, and <c>ftw watch</c>.
/// </summary>
public sealed record StepFigures(long Step, long? TotalSteps, double? TrainLoss, double? ValidLoss, double? TrainAccuracy)
{
    public const string EventType = "metrics";

    /// <summary>
    /// OpenAI's metrics event data: <c>step</c>, <c>total_steps</c>, <c>train_loss</c>,
    /// <c>valid_loss</c> (or <c>full_valid_loss</c>), <c>train_mean_token_accuracy</c> (or
    /// <c>train_accuracy</c>); null when it names no step.
    /// </summary>
    public static StepFigures? FromEventData(JsonElement data)
    {
        if (data.ValueKind != JsonValueKind.Object || Number(data, "step") is not { } step)
        {
            return null;
        }

        return new StepFigures(
            (long)step,
            Number(data, "total_steps") is { } total ? (long)total : null,
            Number(data, "train_loss"),
            Number(data, "valid_loss") ?? Number(data, "full_valid_loss"),
            Number(data, "train_mean_token_accuracy") ?? Number(data, "train_accuracy"));
    }

    /// <summary>The figures of a <c>metrics</c> event; null for any other event.</summary>
    public static StepFigures? FromEvent(JobEvent jobEvent)
    {
        ArgumentNullException.ThrowIfNull(jobEvent);
        return jobEvent.Type == EventType && jobEvent.Data is { } data ? FromEventData(data) : null;
    }

    /// <summary>The <c>data</c> of a metrics event holding these figures, in OpenAI's names.</summary>
    public JsonElement ToEventData()
    {
        var data = new JsonObject { ["step"] = Step };
        if (TotalSteps is { } total)
        {
            data["total_steps"] = total;
        }

        if (TrainLoss is { } train)
        {
            data["train_loss"] = train;
        }

        if (ValidLoss is { } valid)
        {
            data["valid_loss"] = valid;
        }

        if (TrainAccuracy is { } accuracy)
        {
            data["train_mean_token_accuracy"] = accuracy;
        }

        using var document = JsonDocument.Parse(data.ToJsonString());
        return document.RootElement.Clone();
    }

    /// <summary>How OpenAI words a metrics event: <c>Step 40/100: training loss=0.8404</c>.</summary>
    public string Message() =>
        string.Create(CultureInfo.InvariantCulture, $"Step {Step}{(TotalSteps is { } total ? $"/{total}" : "")}{(TrainLoss is { } loss ? $": training loss={loss:F4}" : "")}");

    private static double? Number(JsonElement data, string name) =>
        // Finite only: a number past double's range (1e400) reads as infinity, which no JSON can carry on.
        data.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number) && double.IsFinite(number) ? number : null;
}
