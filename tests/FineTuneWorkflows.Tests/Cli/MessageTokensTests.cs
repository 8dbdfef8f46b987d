using System.Text.Json;
using FineTuneWorkflows.Cli.Validation;

namespace FineTuneWorkflows.Tests.Cli;

/// <summary>
/// Token counts checked against figures published in OpenAI's cookbook ("How to count tokens with
/// tiktoken"), computed there with tiktoken and, for the conversation, confirmed by the API's
/// own prompt-token count.
/// </summary>
public class MessageTokensTests
{
    [Theory]
    [InlineData("cl100k_base", "tiktoken is great!", 6)]
    [InlineData("o200k_base", "tiktoken is great!", 6)]
    [InlineData("cl100k_base", "antidisestablishmentarianism", 6)]
    [InlineData("o200k_base", "antidisestablishmentarianism", 6)]
    [InlineData("cl100k_base", "2 + 2 = 4", 7)]
    [InlineData("o200k_base", "2 + 2 = 4", 7)]
    [InlineData("cl100k_base", "お誕生日おめでとう", 9)]
    [InlineData("o200k_base", "お誕生日おめでとう", 8)]
    public void Count_CookbookStrings_MatchTiktoken(string encoding, string text, int expected) =>
        Assert.Equal(expected, new MessageTokens(encoding).Count(text));

    // The cookbook's example conversation: 129 prompt tokens for gpt-4-0613 / gpt-3.5-turbo
    // (cl100k_base) and 124 for gpt-4o / gpt-4o-mini (o200k_base), as counted by the API.
    private const string CookbookMessages = """
        [
          {"role": "system", "content": "You are a helpful, pattern-following assistant that translates corporate jargon into plain English."},
          {"role": "system", "name": "example_user", "content": "New synergies will help drive top-line growth."},
          {"role": "system", "name": "example_assistant", "content": "Things working well together will increase revenue."},
          {"role": "system", "name": "example_user", "content": "Let's circle back when we have more bandwidth to touch base on opportunities for increased leverage."},
          {"role": "system", "name": "example_assistant", "content": "Let's talk later when we're less busy about how to do better."},
          {"role": "user", "content": "This late pivot means we don't have time to boil the ocean for the client deliverable."}
        ]
        """;

    [Theory]
    [InlineData("cl100k_base", 129)]
    [InlineData("o200k_base", 124)]
    public void CountConversation_CookbookExample_MatchesTheApisPromptTokens(string encoding, int expected)
    {
        using var messages = JsonDocument.Parse(CookbookMessages);

        Assert.Equal(expected, new MessageTokens(encoding).CountConversation(messages.RootElement.EnumerateArray()));
    }

    [Fact]
    public void CountMessage_Weight_IsNotCounted_AndANameCostsOneMore()
    {
        var tokens = new MessageTokens("o200k_base");
        using var plain = JsonDocument.Parse("""{"role":"assistant","content":"tiktoken is great!"}""");
        using var weighted = JsonDocument.Parse("""{"role":"assistant","content":"tiktoken is great!","weight":1}""");
        using var named = JsonDocument.Parse("""{"role":"assistant","content":"tiktoken is great!","name":"tiktoken is great!"}""");

        // 3 per message + "assistant" + 6 for the content.
        var expected = 3 + tokens.Count("assistant") + 6;
        Assert.Equal(expected, tokens.CountMessage(plain.RootElement));
        Assert.Equal(expected, tokens.CountMessage(weighted.RootElement));
        Assert.Equal(expected + 6 + 1, tokens.CountMessage(named.RootElement));
    }

    [Fact]
    public void CountContent_ContentParts_CountTheirText()
    {
        var tokens = new MessageTokens("cl100k_base");
        using var parts = JsonDocument.Parse("""[{"type":"text","text":"tiktoken is great!"},{"type":"image_url","image_url":{"url":"https://x/y.png"}},{"type":"text","text":"2 + 2 = 4"}]""");

        Assert.Equal(6 + 7, tokens.CountContent(parts.RootElement));
    }

    [Fact]
    public void CountMessage_ToolCalls_AreCountedAsTheirJson_NotAsContentParts()
    {
        // Tool calls are objects with a "type" too; only content may be read as parts.
        var tokens = new MessageTokens("o200k_base");
        const string calls = """[{"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Oslo\"}"}}]""";
        using var message = JsonDocument.Parse($$"""{"role":"assistant","tool_calls":{{calls}}}""");
        using var raw = JsonDocument.Parse(calls);

        Assert.Equal(3 + tokens.Count("assistant") + tokens.Count(raw.RootElement.GetRawText()), tokens.CountMessage(message.RootElement));
        Assert.True(tokens.Count(raw.RootElement.GetRawText()) > 20);
    }
}
