namespace FineTuneWorkflows.Activities.Visibility;

/// <param name="WorkflowIds">The ids of the workflows with a run that matches, running or closed, each once.</param>
public sealed record FindWorkflowsOutput(IReadOnlyList<string> WorkflowIds);
