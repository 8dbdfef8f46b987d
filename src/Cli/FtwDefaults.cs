namespace FineTuneWorkflows.Cli;

/// <summary>What <c>ftw</c> assumes when not told.</summary>
public static class FtwDefaults
{
    /// <summary>The cheapest model most people fine-tune first.</summary>
    public const string Model = "gpt-4o-mini-2024-07-18";

    /// <summary>The starter in dev mode (<c>dotnet run --project src/Dev</c>).</summary>
    public const string StarterBaseUrl = "http://127.0.0.1:5000/v1";

    /// <summary>The starter's address and key, as the OpenAI SDKs read <c>OPENAI_BASE_URL</c> and <c>OPENAI_API_KEY</c>.</summary>
    public const string BaseUrlVariable = "FTW_BASE_URL";

    public const string ApiKeyVariable = "FTW_API_KEY";

    /// <summary>The provider itself, for uploads only: files go to the provider with the user's own key.</summary>
    public const string ProviderBaseUrlVariable = "OPENAI_BASE_URL";

    public const string ProviderApiKeyVariable = "OPENAI_API_KEY";

    public const string ProviderBaseUrl = "https://api.openai.com/v1";
}
