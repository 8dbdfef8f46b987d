namespace FineTuneWorkflows.Simulator.Jobs;

/// <summary>
/// Deterministic training metrics per job: a loss that decays with a little noise. Each value
/// depends only on (seed, step), so rows can be produced one at a time in any order.
/// </summary>
public static class TrainingCurve
{
    /// <summary>A stable seed from a job id (string.GetHashCode differs between processes).</summary>
    public static ulong SeedOf(string jobId)
    {
        ArgumentNullException.ThrowIfNull(jobId);
        var hash = 14695981039346656037UL;
        foreach (var c in jobId)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return hash;
    }

    public static double TrainLoss(ulong seed, long step, long totalSteps) =>
        Math.Max(0.01, (2.4 * Math.Exp(-3.0 * step / Math.Max(1, totalSteps))) + 0.15 + (0.06 * Noise(seed, step, 1)));

    public static double TrainAccuracy(ulong seed, long step, long totalSteps) =>
        Math.Clamp(0.97 - (0.5 * Math.Exp(-3.0 * step / Math.Max(1, totalSteps))) + (0.02 * Noise(seed, step, 2)), 0, 1);

    public static double ValidLoss(ulong seed, long step, long totalSteps) =>
        TrainLoss(seed, step, totalSteps) + 0.05 + (0.02 * Math.Abs(Noise(seed, step, 3)));

    public static double ValidAccuracy(ulong seed, long step, long totalSteps) =>
        Math.Clamp(TrainAccuracy(seed, step, totalSteps) - 0.03, 0, 1);

    /// <summary>Uniform in [-1, 1), from SplitMix64 of the inputs.</summary>
    private static double Noise(ulong seed, long step, ulong stream)
    {
        var z = seed + ((ulong)step * 0x9E3779B97F4A7C15UL) + (stream * 0xD1B54A32D192ED03UL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return ((z >> 11) * (1.0 / (1UL << 53)) * 2) - 1;
    }
}
