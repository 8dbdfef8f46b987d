using CsCheck;

namespace FineTuneWorkflows.Tests.Creation;

/// <summary>What goes wrong with the create calls of one attempt.</summary>
public enum CreateFault
{
    None,

    /// <summary>The job is made, the answer never arrives.</summary>
    LoseResponse,

    /// <summary>500 from the provider: it may or may not have made the job (the simulator made none).</summary>
    ServerError,

    /// <summary>A proxy's HTML 502: no job made.</summary>
    BadGateway,

    /// <summary>429 with Retry-After: no job made.</summary>
    RateLimited,

    /// <summary>The provider holds the call far past the attempt's call bound: cut off, no job made.</summary>
    Slow,

    /// <summary>Held past the call bound, and the job made anyway after the caller gave up (a gateway keeps its upstream call).</summary>
    LandsLate,
}

/// <summary>What goes wrong with the list calls of one attempt's search.</summary>
public enum ListFault
{
    None,
    ServerError,
    RateLimited,
}

/// <param name="Create">The fault its create call meets, if it sends one.</param>
/// <param name="List">The fault its first list call meets, if it searches.</param>
/// <param name="KeyRotated">Every call of the attempt is refused with 401: the key was rotated and not yet fixed.</param>
/// <param name="Stall">The attempt freezes after its first heartbeat; Temporal starts the next one meanwhile (overlap).</param>
public sealed record AttemptPlan(CreateFault Create, ListFault List, bool KeyRotated, bool Stall)
{
    public static readonly AttemptPlan Clean = new(CreateFault.None, ListFault.None, KeyRotated: false, Stall: false);

    public override string ToString() =>
        string.Join('+', new[] { Create == CreateFault.None ? null : $"create:{Create}", List == ListFault.None ? null : $"list:{List}", KeyRotated ? "401" : null, Stall ? "stall" : null }.OfType<string>().DefaultIfEmpty("clean"));
}

/// <summary>
/// One adversarial life of a create: provider quirks, faults per attempt, other clients creating
/// the very same job around ours, and a cancel at some moment.
/// </summary>
/// <param name="DropMetadata">The provider (or a gateway) drops metadata, as Portkey does.</param>
/// <param name="UserSeed">The user chose the seed, so the seed proves nothing.</param>
/// <param name="Attempts">What goes wrong on attempts 1, 2, …; later attempts go cleanly.</param>
/// <param name="OthersBefore">Identical jobs another client makes before the workflow starts.</param>
/// <param name="OthersBetween">Identical jobs another client makes after the prepare step, before the first create.</param>
/// <param name="OtherAfterAttempt">After which attempt another client makes one more identical job; 0 for none.</param>
/// <param name="CancelAfterAttempt">After which attempt the workflow is cancelled; 0 for never.</param>
public sealed record CreateSchedule(
    bool DropMetadata, bool UserSeed, IReadOnlyList<AttemptPlan> Attempts, int OthersBefore, int OthersBetween, int OtherAfterAttempt, int CancelAfterAttempt)
{
    public static readonly Gen<AttemptPlan> Attempt =
        Gen.Select(Gen.Enum<CreateFault>(), Gen.Enum<ListFault>(), Gen.Int[0, 9], Gen.Int[0, 9], (create, list, rotate, stall) => new AttemptPlan(create, list, rotate == 0, stall == 0));

    public static readonly Gen<CreateSchedule> Any =
        Gen.Select(Gen.Bool, Gen.Bool, Attempt.Array[0, 4], Gen.Int[0, 2], Gen.Int[0, 2], Gen.Int[0, 4], Gen.Int[0, 4])
            .Select((drop, seed, attempts, before, between, after, cancel) => new CreateSchedule(drop, seed, attempts, before, between, after, cancel));

    public override string ToString() =>
        $"metadata {(DropMetadata ? "dropped" : "kept")}, {(UserSeed ? "user's seed" : "our seed")}, attempts [{string.Join(", ", Attempts)}], " +
        $"others before {OthersBefore}, between {OthersBetween}, after attempt {OtherAfterAttempt}, cancel after attempt {CancelAfterAttempt}";
}
