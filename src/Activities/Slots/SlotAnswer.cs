namespace FineTuneWorkflows.Activities.Slots;

/// <param name="Granted">The slot is the fine-tune's now; otherwise it waits in line for <c>SlotGranted</c>.</param>
public sealed record SlotAnswer(bool Granted);
