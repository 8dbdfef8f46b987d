namespace FineTuneWorkflows.Tests.Replay;

/// <summary>The activity type names a replayed workflow schedules, written out as history records them.</summary>
public static class ActivityTypes
{
    public const string Prepare = "PrepareCreate";
    public const string Create = "CreateJob";
    public const string Find = "FindJob";
    public const string Wait = "WaitForStatusChange";
    public const string Cancel = "CancelJob";
    public const string Retrieve = "RetrieveResultFiles";
}
