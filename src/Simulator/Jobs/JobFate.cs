namespace FineTuneWorkflows.Simulator.Jobs;

/// <summary>How a simulated job ends, decided by its input when it is created (<see cref="JobFates.For"/>).</summary>
public enum JobFate
{
    Succeed,

    /// <summary>Ends in <c>failed</c> as soon as its files are validated.</summary>
    FailValidation,
}
