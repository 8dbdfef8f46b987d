namespace FineTuneWorkflows.Activities.Provider;

/// <summary>The failure types a workflow's retry policy and the Web UI see.</summary>
public static class ProviderErrorTypes
{
    public const string InvalidRequest = "ProviderInvalidRequest";
    public const string NotFound = "ProviderNotFound";
    public const string AuthenticationFailed = "ProviderAuthenticationFailed";
    public const string QuotaExceeded = "ProviderQuotaExceeded";
    public const string RateLimited = "ProviderRateLimited";
    public const string Conflict = "ProviderConflict";
    public const string Unavailable = "ProviderUnavailable";
    public const string Timeout = "ProviderTimeout";
    public const string UnreadableResponse = "ProviderUnreadableResponse";

    /// <summary>Refused by us before any call: this provider route cannot do it safely (a pause through Portkey).</summary>
    public const string NotSupported = "ProviderOperationNotSupported";

    /// <summary>A create refused because too many jobs of the model are active or queued: room comes as jobs end.</summary>
    public const string ActiveJobLimit = "ProviderActiveJobLimit";

    /// <summary>A create refused because the day's creates for the model are spent: room comes with the next UTC day.</summary>
    public const string DailyCreateLimit = "ProviderDailyCreateLimit";

    /// <summary>Whether <paramref name="errorType"/> says the provider has no room for another job now (not that the request is wrong).</summary>
    public static bool IsCapacity(string? errorType) => errorType is ActiveJobLimit or DailyCreateLimit;

}
