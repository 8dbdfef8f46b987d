namespace FineTuneWorkflows.Workflows;

/// <summary>Anchor for the workflow assembly until the workflow itself lands.</summary>
public static class WorkflowsAssembly;
