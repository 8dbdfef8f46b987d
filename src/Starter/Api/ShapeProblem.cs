namespace FineTuneWorkflows.Starter.Api;

/// <summary>What is wrong with a body, worded for the caller.</summary>
public sealed record ShapeProblem(string? Param, string Message, string Code);
