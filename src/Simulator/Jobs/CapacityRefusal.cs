namespace FineTuneWorkflows.Simulator.Jobs;

/// <summary>
/// A create the provider has no room for, answered 429 as OpenAI words it: the per-model cap on
/// active (validating, queued or running) jobs under the generic <c>rate_limit_exceeded</c> code,
/// and the daily cap on creates under <c>daily_rate_limit_exceeded</c>.
/// </summary>
public sealed record CapacityRefusal(string Code, string Message)
{
    public static CapacityRefusal ActiveJobs(string model, int limit) => new(
        "rate_limit_exceeded",
        $"You have reached the maximum number of active fine-tuning jobs ({limit}) for model {model}. Jobs that are validating, queued or running count toward this limit; try again when one has finished.");

    public static CapacityRefusal DailyCreates(string model, int limit) => new(
        "daily_rate_limit_exceeded",
        $"You have exceeded the daily limit of {limit} fine-tuning jobs for model {model}. Try again tomorrow (UTC).");

    /// <summary>The refusal a create of <paramref name="model"/> meets now, or null when there is room.</summary>
    public static CapacityRefusal? For(string model, int active, int createdToday, SimulatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.MaxDailyCreates is { } daily && createdToday >= daily)
        {
            return DailyCreates(model, daily);
        }

        return options.MaxActiveJobs is { } most && active >= most ? ActiveJobs(model, most) : null;
    }
}
