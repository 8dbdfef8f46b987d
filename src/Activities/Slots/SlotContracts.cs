namespace FineTuneWorkflows.Activities.Slots;

/// <summary>A fine-tune's request for one of <paramref name="Limit"/> slots of the limiter workflow <paramref name="LimiterId"/>.</summary>
/// <param name="WorkflowId">The fine-tune's workflow id: the limiter signals <c>SlotGranted</c> to it.</param>
public sealed record SlotRequest(string LimiterId, string WorkflowId, int Limit);

/// <param name="Granted">The slot is the fine-tune's now; otherwise it waits in line for <c>SlotGranted</c>.</param>
public sealed record SlotAnswer(bool Granted);

/// <summary>Workflow ids whose runs are to be looked up.</summary>
public sealed record FindClosedInput(IReadOnlyList<string> WorkflowIds);

/// <summary>Those of the ids asked about whose workflow has closed, or never existed.</summary>
public sealed record FindClosedOutput(IReadOnlyList<string> Closed);
