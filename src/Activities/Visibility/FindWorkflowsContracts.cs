namespace FineTuneWorkflows.Activities.Visibility;

/// <param name="Query">A visibility list filter, such as <c>FineTuneJobId = 'ftjob-…'</c>.</param>
public sealed record FindWorkflowsInput(string Query);

/// <param name="Running">Ids of the running workflows that match.</param>
/// <param name="Closed">How many closed runs match.</param>
public sealed record FindWorkflowsOutput(IReadOnlyList<string> Running, int Closed);
