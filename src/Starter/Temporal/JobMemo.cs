namespace FineTuneWorkflows.Starter.Temporal;

/// <summary>
/// The request's file names and suffix, kept in the workflow's memo at start so that a list
/// (served from visibility, one call for a whole page) can show them without a query per job.
/// </summary>
/// <param name="RequestDigest">
/// The request's <see cref="Api.RequestDigest"/>, to tell a retry from a reuse of its
/// Idempotency-Key; null in the memo of a workflow started before it was kept.
/// </param>
public sealed record JobMemo(string TrainingFile, string? ValidationFile, string? Suffix, string? RequestDigest = null)
{
    public const string Key = "request";
}
