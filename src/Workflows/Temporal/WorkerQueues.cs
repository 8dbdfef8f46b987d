namespace FineTuneWorkflows.Workflows.Temporal;

/// <summary>Which task queues a worker process polls (<c>Temporal:Queues</c>).</summary>
public enum WorkerQueues
{
    /// <summary>Both: the default deployment, one process doing everything, each queue with its own slots.</summary>
    Both,

    /// <summary>The workflow's queue only: workflows, creates, cancels and checks.</summary>
    Short,

    /// <summary>The long-work queue only (<see cref="LongWork"/>): result downloads, scaled apart.</summary>
    Long,
}
