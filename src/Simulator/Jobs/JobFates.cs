namespace FineTuneWorkflows.Simulator.Jobs;

public static class JobFates
{
    /// <summary>A training file whose id contains "fail" is rejected, so failures can be asked for by input alone.</summary>
    public static JobFate For(string trainingFile) =>
        trainingFile.Contains("fail", StringComparison.OrdinalIgnoreCase) ? JobFate.FailValidation : JobFate.Succeed;
}
