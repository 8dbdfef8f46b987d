using FineTuneWorkflows.Activities.Cancel;
using FineTuneWorkflows.Activities.Creation;
using FineTuneWorkflows.Activities.Pause;
using FineTuneWorkflows.Activities.Polling;
using FineTuneWorkflows.Activities.Results;

namespace FineTuneWorkflows.Activities;

/// <summary>
/// The activity classes of a fine-tuning job, one per concern and folder, for a worker to register
/// together. Each activity keeps its name (<c>[Activity("CreateJob")]</c> and so on), so which class
/// holds it never shows in a workflow's history.
/// </summary>
public static class JobActivities
{
    public static IReadOnlyList<Type> Types { get; } =
        [typeof(CreationActivities), typeof(PollingActivities), typeof(ResultActivities), typeof(CancelActivities), typeof(PauseActivities)];
}
