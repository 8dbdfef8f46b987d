namespace FineTuneWorkflows.Activities.Visibility;

/// <param name="Query">A visibility list filter, such as <c>FineTuneJobId = 'ftjob-…'</c>.</param>
public sealed record FindWorkflowsInput(string Query);

/// <param name="WorkflowIds">The ids of the workflows with a run that matches, running or closed, each once.</param>
public sealed record FindWorkflowsOutput(IReadOnlyList<string> WorkflowIds);
