using FineTuneWorkflows.Wire;

namespace FineTuneWorkflows.Simulator.Jobs;

/// <summary>The errors scripted jobs fail with, worded like the provider's.</summary>
public static class JobFailures
{
    public static readonly JobError InvalidTrainingFile = new(
        "invalid_training_file",
        "The training file does not meet the fine-tuning format requirements: each line must be a JSON object with a \"messages\" array.",
        "training_file");
}
