using System.Text.Json;
using Microsoft.ML.Tokenizers;

namespace FineTuneWorkflows.Cli.Validation;

/// <summary>
/// Counts the tokens of a conversation as OpenAI's recipe does: the model's encoding over every
/// value of every message, plus 3 per message, 1 per <c>name</c> and 3 for the reply's priming.
/// The recipe calls its count approximate; it matched the API's prompt tokens for its example.
/// </summary>
public sealed class MessageTokens
{
    private const int PerMessage = 3;
    private const int PerName = 1;
    private const int ReplyPriming = 3;

    private static readonly Lock Loading = new();
    private static readonly Dictionary<string, Tokenizer> Loaded = [];

    private readonly Tokenizer tokenizer;

    public MessageTokens(string encoding)
    {
        Encoding = encoding;
        tokenizer = TokenizerFor(encoding);
    }

    public string Encoding { get; }

    public int Count(string text) => tokenizer.CountTokens(text);

    /// <summary>The tokens of <paramref name="messages"/> (a JSON array of message objects), priming included.</summary>
    public int CountConversation(IEnumerable<JsonElement> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var total = ReplyPriming;
        foreach (var message in messages)
        {
            total += CountMessage(message);
        }

        return total;
    }

    /// <summary>A message without the reply's priming: the recipe's per-message part.</summary>
    public int CountMessage(JsonElement message)
    {
        var total = PerMessage;
        foreach (var property in message.EnumerateObject())
        {
            // The weight says whether to learn from the message; it is not text the model reads.
            if (property.NameEquals("weight"))
            {
                continue;
            }

            total += property.NameEquals("content") ? CountContent(property.Value) : CountValue(property.Value);
            if (property.NameEquals("name"))
            {
                total += PerName;
            }
        }

        return total;
    }

    /// <summary>Text as itself; anything else (tool calls, tool definitions) by its JSON text.</summary>
    public int CountValue(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => Count(value.GetString()!),
        JsonValueKind.Null => 0,
        _ => Count(value.GetRawText()),
    };

    /// <summary>A message's content: text, or a list of content parts counted by their text (an image's tokens are not known here).</summary>
    public int CountContent(JsonElement content) =>
        content.ValueKind == JsonValueKind.Array && IsContentParts(content)
            ? content.EnumerateArray().Sum(part => part.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String ? Count(text.GetString()!) : 0)
            : CountValue(content);

    private static bool IsContentParts(JsonElement array) =>
        array.EnumerateArray().All(part => part.ValueKind == JsonValueKind.Object && part.TryGetProperty("type", out _));

    private static Tokenizer TokenizerFor(string encoding)
    {
        // Loading a vocabulary takes a moment and some megabytes: once per encoding per process.
        lock (Loading)
        {
            if (!Loaded.TryGetValue(encoding, out var tokenizer))
            {
                tokenizer = TiktokenTokenizer.CreateForEncoding(encoding);
                Loaded[encoding] = tokenizer;
            }

            return tokenizer;
        }
    }
}
