namespace FineTuneWorkflows.Activities.Creation;

/// <summary>What a provider job's echoes say about whether a given create made it.</summary>
public enum Evidence
{
    /// <summary>It looks like ours but echoes nothing that only we could have sent.</summary>
    Unknown,

    /// <summary>It carries our key in its metadata: proof, since no one else sends that key.</summary>
    Ours,

    /// <summary>
    /// It echoes the seed only our key produces, with our model and files, and no metadata. Strong,
    /// but not proof: the seed is public in our job's own object, and anyone may send it again.
    /// </summary>
    SeedMatch,

    /// <summary>It carries another key, lacks ours where metadata is kept, or differs in a field we sent.</summary>
    NotOurs,
}
