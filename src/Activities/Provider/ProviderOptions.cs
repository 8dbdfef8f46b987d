namespace FineTuneWorkflows.Activities.Provider;

/// <summary>
/// Where the provider is and how to authenticate. Bound from the <c>Provider</c> configuration
/// section of the worker; never part of a workflow's input, so no key enters Temporal.
/// </summary>
public sealed class ProviderOptions
{
    public const string Section = "Provider";

    public static readonly Uri PortkeyBaseUrl = new("https://api.portkey.ai/v1");
    public static readonly Uri OpenAIBaseUrl = new("https://api.openai.com/v1");

    public static readonly TimeSpan MaxRequestTimeout = TimeSpan.FromSeconds(90);

    public ProviderKind Kind { get; set; } = ProviderKind.Portkey;

    /// <summary>Defaults to Portkey's or OpenAI's public endpoint; required for Azure (<c>https://NAME.openai.azure.com/openai</c>).</summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>Portkey: <c>x-portkey-api-key</c>. OpenAI: the Bearer token. Azure: <c>api-key</c>.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Portkey: <c>x-portkey-virtual-key</c>, which names the provider and its key stored at Portkey.</summary>
    public string? VirtualKey { get; set; }

    /// <summary>Portkey: <c>x-portkey-provider</c> (openai, azure-openai, vertex-ai), used with <see cref="ProviderApiKey"/>.</summary>
    public string? Provider { get; set; }

    /// <summary>Portkey with <see cref="Provider"/>: the provider's own key, sent as <c>Authorization: Bearer</c>.</summary>
    public string? ProviderApiKey { get; set; }

    /// <summary>Portkey: <c>x-portkey-custom-host</c>, the upstream base URL the gateway forwards to.</summary>
    public Uri? CustomHost { get; set; }

    /// <summary>Azure: the <c>api-version</c> query parameter.</summary>
    public string AzureApiVersion { get; set; } = "2024-10-21";

    /// <summary>
    /// Whether jobs created through this path keep the <c>metadata</c> we send: then a job without
    /// our key is never ours, and a retried create needs nothing else to tell its job apart.
    /// Defaults to true for OpenAI (which documents metadata on fine-tuning jobs) and false
    /// otherwise (the Portkey gateway drops it). Set it true only where that is certain: a path
    /// that drops metadata after all would make a retry miss its own job and create a second.
    /// </summary>
    public bool? KeepsMetadata { get; set; }

    /// <summary><see cref="KeepsMetadata"/>, or its default for <see cref="Kind"/>.</summary>
    public bool MetadataKept => KeepsMetadata ?? Kind == ProviderKind.OpenAI;

    public static readonly TimeSpan MaxCreateSettleTime = TimeSpan.FromMinutes(30);

    /// <summary>
    /// How long a create we stopped waiting for may still land at the provider: a gateway can hold
    /// or retry it after our call has given up. A retry after an unanswered create looks for the
    /// job, and sends a second create only once this has passed since the first went out.
    /// </summary>
    public TimeSpan CreateSettleTime { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Local limits on active jobs per model (<see cref="ProviderLimits"/>); none by default.</summary>
    public ProviderLimits Limits { get; set; } = new();

    /// <summary>One HTTP call's limit; the wait activity polls, so no single call needs long.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(60);

    public Uri EffectiveBaseUrl => BaseUrl ?? Kind switch
    {
        ProviderKind.Portkey => PortkeyBaseUrl,
        ProviderKind.OpenAI => OpenAIBaseUrl,
        _ => throw new InvalidOperationException("Provider:BaseUrl is required for Azure OpenAI"),
    };

    /// <summary>Every problem with these settings, each naming the setting to fix; empty when usable.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (BaseUrl is { } url && (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)))
        {
            problems.Add("Provider:BaseUrl must be an absolute http(s) URL");
        }

        // No heartbeat goes out during a call, and the wait activity's heartbeat timeout is two minutes.
        if (RequestTimeout <= TimeSpan.Zero || RequestTimeout > MaxRequestTimeout)
        {
            problems.Add($"Provider:RequestTimeout must be positive and at most {MaxRequestTimeout.TotalSeconds:0} s");
        }

        if (CreateSettleTime < TimeSpan.Zero || CreateSettleTime > MaxCreateSettleTime)
        {
            problems.Add($"Provider:CreateSettleTime must be from 0 to {MaxCreateSettleTime.TotalMinutes:0} minutes");
        }

        problems.AddRange(Limits.Problems());

        switch (Kind)
        {
            case ProviderKind.OpenAI when string.IsNullOrWhiteSpace(ApiKey):
                problems.Add("Provider:ApiKey is required for OpenAI (sent as Authorization: Bearer)");
                break;
            case ProviderKind.Azure:
                if (BaseUrl is null)
                {
                    problems.Add("Provider:BaseUrl is required for Azure OpenAI (https://NAME.openai.azure.com/openai)");
                }

                if (string.IsNullOrWhiteSpace(ApiKey))
                {
                    problems.Add("Provider:ApiKey is required for Azure OpenAI (sent as api-key)");
                }

                break;
            case ProviderKind.Portkey:
                if (string.IsNullOrWhiteSpace(VirtualKey) && string.IsNullOrWhiteSpace(Provider))
                {
                    problems.Add("Provider:VirtualKey or Provider:Provider is required for Portkey (x-portkey-virtual-key or x-portkey-provider)");
                }

                if (!string.IsNullOrWhiteSpace(Provider) && string.IsNullOrWhiteSpace(ProviderApiKey))
                {
                    problems.Add("Provider:ProviderApiKey is required with Provider:Provider (sent as Authorization: Bearer)");
                }

                // The hosted gateway authenticates every call; a self-hosted one need not.
                if (EffectiveBaseUrl.Host == PortkeyBaseUrl.Host && string.IsNullOrWhiteSpace(ApiKey))
                {
                    problems.Add("Provider:ApiKey is required for the hosted Portkey gateway (x-portkey-api-key)");
                }

                break;
        }

        return problems;
    }

    /// <summary>
    /// A name for the provider fit for search attributes and logs: <c>openai</c>, <c>azure-openai</c>,
    /// <c>portkey</c> or <c>portkey/openai</c>. Never a key, nor the virtual key (which is one).
    /// </summary>
    public string Describe() => Kind switch
    {
        ProviderKind.OpenAI => "openai",
        ProviderKind.Azure => "azure-openai",
        _ => string.IsNullOrWhiteSpace(Provider) ? "portkey" : $"portkey/{Provider}",
    };

    /// <summary>The setting to check when the provider answers 401 or 403.</summary>
    public string CredentialSettings => Kind switch
    {
        ProviderKind.Portkey => string.IsNullOrWhiteSpace(Provider)
            ? "Provider:ApiKey (x-portkey-api-key) and Provider:VirtualKey (x-portkey-virtual-key)"
            : "Provider:ApiKey (x-portkey-api-key) and Provider:ProviderApiKey (the provider key behind x-portkey-provider)",
        ProviderKind.Azure => "Provider:ApiKey (api-key) and Provider:BaseUrl (the Azure resource)",
        _ => "Provider:ApiKey (Authorization: Bearer)",
    };
}
