using Temporalio.Common;

namespace FineTuneWorkflows.Workflows;

/// <summary>
/// The custom search attributes that make jobs findable in the Web UI
/// (<c>FineTuneStatus = "running"</c>, <c>FineTuneJobId = "ftjob-…"</c>). They must be
/// registered on the namespace before a workflow upserts them.
/// </summary>
public static class SearchAttributes
{
    public static readonly SearchAttributeKey<string> Status = SearchAttributeKey.CreateKeyword("FineTuneStatus");
    public static readonly SearchAttributeKey<string> Model = SearchAttributeKey.CreateKeyword("FineTuneModel");
    public static readonly SearchAttributeKey<string> Provider = SearchAttributeKey.CreateKeyword("FineTuneProvider");
    public static readonly SearchAttributeKey<string> JobId = SearchAttributeKey.CreateKeyword("FineTuneJobId");

    public static readonly IReadOnlyList<SearchAttributeKey<string>> All = [Status, Model, Provider, JobId];
}
