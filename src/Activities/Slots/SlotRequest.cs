namespace FineTuneWorkflows.Activities.Slots;

/// <summary>A fine-tune's request for one of <paramref name="Limit"/> slots of the limiter workflow <paramref name="LimiterId"/>.</summary>
/// <param name="WorkflowId">The fine-tune's workflow id: the limiter signals <c>SlotGranted</c> to it.</param>
public sealed record SlotRequest(string LimiterId, string WorkflowId, int Limit);
