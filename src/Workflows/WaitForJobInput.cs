namespace FineTuneWorkflows.Workflows;

/// <summary>The (empty, for now) argument of the WaitForJob update; a record so fields can be added.</summary>
public sealed record WaitForJobInput;
