using FineTuneWorkflows.Activities.Provider;
using Microsoft.Extensions.Configuration;

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

    [Fact]
    public void Limits_BindFromConfiguration_PerModelOverTheDefault()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Provider:Limits:Default"] = "3",
            ["Provider:Limits:Models:gpt-4o-mini-2024-07-18"] = "1",
        }).Build();
        var options = new ProviderOptions();
        ConfigurationBinder.Bind(configuration.GetSection(ProviderOptions.Section), options);

        Assert.Equal(1, options.Limits.For("gpt-4o-mini-2024-07-18"));
        Assert.Equal(3, options.Limits.For("gpt-4.1-2025-04-14"));
        Assert.Null(new ProviderOptions().Limits.For("gpt-4o-mini-2024-07-18"));
    }

    /// <summary>Configuration keys have no case (an environment variable may be upper case): one model, one limit.</summary>
    [Fact]
    public void Limits_PerModel_MatchInAnyCase()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Provider:Limits:Default"] = "3",
            ["PROVIDER:LIMITS:MODELS:GPT-4O-MINI-2024-07-18"] = "1",
        }).Build();
        var options = new ProviderOptions();
        ConfigurationBinder.Bind(configuration.GetSection(ProviderOptions.Section), options);

        Assert.Equal(1, options.Limits.For("gpt-4o-mini-2024-07-18"));
        Assert.Equal(1, options.Limits.For("GPT-4o-mini-2024-07-18"));
    }

    [Theory]
    [InlineData(0, null, "Provider:Limits:Default must be at least 1")]
    [InlineData(null, -1, "Provider:Limits:Models:gpt-4o-mini must be at least 1")]
    public void Limits_BelowOne_AreProblemsNamingTheSetting(int? fallback, int? perModel, string expected)
    {
        var options = new ProviderOptions { Kind = ProviderKind.OpenAI, ApiKey = "sk-x", Limits = new() { Default = fallback } };
        if (perModel is { } limit)
        {
            options.Limits.Models["gpt-4o-mini"] = limit;
        }

        Assert.Contains(options.Problems(), p => p.StartsWith(expected, StringComparison.Ordinal));
    }
}
