namespace FineTuneWorkflows.Tests.Replay;

/// <summary>The activity type names a replayed workflow schedules, written out as history records them.</summary>
public static class ActivityTypes
{
    public const string Prepare = "PrepareCreate";
    public const string Create = "CreateJob";
    public const string Find = "FindJob";
    /// <summary>The wait by checks that Temporal retries (patch <c>ftw-check-without-slot</c>).</summary>
    public const string Wait = "CheckJob";

    /// <summary>The heartbeating wait of runs begun before that patch.</summary>
    public const string HeartbeatingWait = "WaitForStatusChange";
    public const string Cancel = "CancelJob";
    public const string Retrieve = "RetrieveResultFiles";
}
