namespace FineTuneWorkflows.Workflows;

/// <summary>What the workflow does after it has seen a status.</summary>
public enum NextStep
{
    /// <summary>The job is still on its way: wait for the next change.</summary>
    Wait,

    /// <summary>The job succeeded: fetch and store its result files, then finish.</summary>
    RetrieveResults,

    /// <summary>The job failed at the provider: end the workflow failed, with the provider's error.</summary>
    Fail,

    /// <summary>The job was cancelled: end the workflow cancelled.</summary>
    EndCancelled,
}
