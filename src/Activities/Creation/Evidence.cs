namespace FineTuneWorkflows.Activities.Creation;

/// <summary>What a provider job's echoes say about whether a given create made it.</summary>
public enum Evidence
{
    /// <summary>It looks like ours but echoes nothing that only we could have sent.</summary>
    Unknown,

    /// <summary>It carries our key, or the seed only our key produces.</summary>
    Ours,

    /// <summary>It carries another key or seed, or differs in a field we sent.</summary>
    NotOurs,
}
