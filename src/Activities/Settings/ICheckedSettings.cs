namespace FineTuneWorkflows.Activities.Settings;

/// <summary>A settings section that knows what makes it unusable.</summary>
public interface ICheckedSettings
{
    /// <summary>Every problem, naming the setting to fix; empty when usable.</summary>
    IReadOnlyList<string> Problems();
}
