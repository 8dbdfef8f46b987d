using System.Text.Json.Serialization;

namespace FineTuneWorkflows.Activities.Creation;

/// <summary>Where a create attempt is.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CreateStage>))]
public enum CreateStage
{
    /// <summary>Reading the provider's list for a job an earlier attempt or run made.</summary>
    Searching,

    /// <summary>About to send, or sending, the create: from here a job may exist.</summary>
    Sending,

    /// <summary>The provider refused the create outright (a 4xx answer): this attempt made no job.</summary>
    Refused,

    /// <summary>A create went out unanswered and was not found yet: it may still land, so no second one goes out before then.</summary>
    Settling,
}
