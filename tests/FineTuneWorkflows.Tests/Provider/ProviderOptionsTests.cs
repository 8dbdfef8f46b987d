using FineTuneWorkflows.Activities.Provider;

namespace FineTuneWorkflows.Tests.Provider;

public class ProviderOptionsTests
{
    [Fact]
    public void Problems_DefaultPortkeyWithoutKeys_NamesEachMissingSetting()
    {
        var problems = new ProviderOptions().Problems();

        Assert.Contains(problems, p => p.Contains("Provider:VirtualKey", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("Provider:ApiKey", StringComparison.Ordinal));
    }

    [Fact]
    public void Problems_SelfHostedGatewayWithProviderAndKey_IsUsable() =>
        Assert.Empty(new ProviderOptions { BaseUrl = new("http://127.0.0.1:8787/v1"), Provider = "openai", ProviderApiKey = "sk-x" }.Problems());

    [Fact]
    public void Problems_AzureWithoutBaseUrl_SaysWhatItLooksLike() =>
        Assert.Contains(new ProviderOptions { Kind = ProviderKind.Azure, ApiKey = "k" }.Problems(), p => p.Contains("openai.azure.com", StringComparison.Ordinal));

    [Fact]
    public void Problems_OpenAIWithAKey_IsUsable() =>
        Assert.Empty(new ProviderOptions { Kind = ProviderKind.OpenAI, ApiKey = "sk-x" }.Problems());

    [Fact]
    public void Problems_NeverQuoteAKey()
    {
        var options = new ProviderOptions { Provider = "openai", ApiKey = "pk-secret-value", BaseUrl = new("ftp://x") };

        Assert.DoesNotContain(options.Problems(), p => p.Contains("pk-secret-value", StringComparison.Ordinal));
    }
}
