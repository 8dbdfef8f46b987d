namespace FineTuneWorkflows.Activities;

/// <summary>The provider's own account of a failure, as failure details the Web UI shows.</summary>
public sealed record ProviderErrorDetails(string? Code, string? Message, string? Param, int? StatusCode);
