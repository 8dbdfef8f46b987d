namespace FineTuneWorkflows.Activities.Visibility;

/// <param name="Query">A visibility list filter, such as <c>FineTuneJobId = 'ftjob-…'</c>.</param>
public sealed record FindWorkflowsInput(string Query);
