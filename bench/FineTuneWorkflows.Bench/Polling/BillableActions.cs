namespace FineTuneWorkflows.Bench.Polling;

/// <summary>
/// Temporal Cloud's billable actions for one job, by the rules of its actions page
/// (docs.temporal.io/cloud/actions): a workflow start, each continue-as-new run's start, each
/// activity attempt (a start or a retry), each heartbeat that reaches the server, each timer,
/// each search-attribute upsert (the patch's <c>TemporalChangeVersion</c> upsert is exempt), each
/// update. Queries a user sends cost the same in every design and are left out.
/// </summary>
public static class BillableActions
{
    /// <summary>
    /// What every design spends outside its wait: the start, the Starter's WaitForJob update,
    /// PrepareCreate and CreateJob (one attempt each, one heartbeat for the create), one upsert as
    /// the job is created, and RetrieveResultFiles (one attempt, one heartbeat). The create's and the
    /// download's heartbeats grow with their length, the same in every design.
    /// </summary>
    public const int Common = 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1;

    /// <summary>The rule written next to the figure.</summary>
    public const string Rules =
        "Billable actions by Temporal Cloud's rules: a workflow start (+1 per continue-as-new run), each activity attempt, each heartbeat reaching the server (the SDK's throttle: the first at once, then at most one per 60 s with the 2-minute heartbeat timeout), each timer, each search-attribute upsert (one per status change; the patches' TemporalChangeVersion upsert is exempt), each update. Counted per job: the wait's attempts, heartbeats and timers as the run made them, plus what every design spends alike (start, the Starter's update, prepare, create, results, one upsert at create, one heartbeat each for create and results = 8) and one upsert per status change; queries are left out.";

    public static int Count(Spend wait, int statusChanges, int runs) =>
        Common + (runs - 1) + statusChanges + wait.Attempts + wait.Heartbeats + wait.Timers;
}
