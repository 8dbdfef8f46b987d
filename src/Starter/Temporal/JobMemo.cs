namespace FineTuneWorkflows.Starter.Temporal;

/// <summary>
/// The request's file names and suffix, kept in the workflow's memo at start so that a list
/// (served from visibility, one call for a whole page) can show them without a query per job.
/// </summary>
public sealed record JobMemo(string TrainingFile, string? ValidationFile, string? Suffix)
{
    public const string Key = "request";
}
