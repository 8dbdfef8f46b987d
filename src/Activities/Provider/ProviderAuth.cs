using System.Net.Http.Headers;

namespace FineTuneWorkflows.Activities.Provider;

/// <summary>The headers each provider kind expects; the only code that touches keys.</summary>
public static class ProviderAuth
{
    public static void Apply(HttpRequestHeaders headers, ProviderOptions options)
    {
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(options);
        switch (options.Kind)
        {
            case ProviderKind.OpenAI:
                SetBearer(headers, options.ApiKey);
                break;
            case ProviderKind.Azure:
                Set(headers, "api-key", options.ApiKey);
                break;
            case ProviderKind.Portkey:
                Set(headers, "x-portkey-api-key", options.ApiKey);
                Set(headers, "x-portkey-virtual-key", options.VirtualKey);
                Set(headers, "x-portkey-provider", options.Provider);
                Set(headers, "x-portkey-custom-host", options.CustomHost?.AbsoluteUri.TrimEnd('/'));
                SetBearer(headers, options.ProviderApiKey);
                break;
        }
    }

    private static void SetBearer(HttpRequestHeaders headers, string? key)
    {
        if (!string.IsNullOrWhiteSpace(key))
        {
            headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }
    }

    private static void Set(HttpRequestHeaders headers, string name, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            headers.TryAddWithoutValidation(name, value);
        }
    }
}
