namespace FineTuneWorkflows.Simulator;

/// <summary>What a job is scripted to do, decided by its input when it is created.</summary>
public enum JobScript
{
    Succeed,

    /// <summary>Ends in <c>failed</c> as soon as its files are validated.</summary>
    FailValidation,
}

public static class JobScripts
{
    /// <summary>A training file whose id contains "fail" is rejected, so failures can be asked for by input alone.</summary>
    public static JobScript For(string trainingFile) =>
        trainingFile.Contains("fail", StringComparison.OrdinalIgnoreCase) ? JobScript.FailValidation : JobScript.Succeed;
}
