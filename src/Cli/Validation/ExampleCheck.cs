using System.Text.Json;

namespace FineTuneWorkflows.Cli.Validation;

/// <summary>The checks of one example (one JSONL line), pure: a parsed line in, a verdict out.</summary>
public static class ExampleCheck
{
    private static readonly HashSet<string> MessageKeys = ["role", "content", "name", "function_call", "weight"];
    private static readonly HashSet<string> ToolMessageKeys = [.. MessageKeys, "tool_calls", "tool_call_id"];
    private static readonly HashSet<string> Roles = ["system", "user", "assistant", "function"];
    private static readonly HashSet<string> ToolRoles = [.. Roles, "tool"];

    public static ExampleVerdict Check(JsonElement example, MessageTokens tokens, int maxTokensPerExample)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        if (example.ValueKind != JsonValueKind.Object)
        {
            return new ExampleVerdict([Rules.DataType], null, null);
        }

        var broken = new HashSet<Rule>();
        var hasTools = example.TryGetProperty("tools", out var tools) && tools.ValueKind == JsonValueKind.Array;
        ExampleFormat? format;
        List<JsonElement> counted;
        if (example.TryGetProperty("messages", out var messages))
        {
            format = ExampleFormat.Supervised;
            counted = CheckConversation(messages, hasTools, broken);
            if (counted.Count > 0 && !counted.Any(m => RoleOf(m) == "assistant"))
            {
                broken.Add(Rules.MissingAssistantMessage);
            }
        }
        else if (example.TryGetProperty("input", out _) || example.TryGetProperty("preferred_output", out _) || example.TryGetProperty("non_preferred_output", out _))
        {
            format = ExampleFormat.Dpo;
            counted = CheckPreferencePair(example, broken);
        }
        else
        {
            return new ExampleVerdict([Rules.MissingMessagesList], null, null);
        }

        if (broken.Any(r => r.Severity == Severity.Error))
        {
            return new ExampleVerdict(broken, format, null);
        }

        var count = tokens.CountConversation(counted) + (hasTools ? tokens.CountValue(tools) : 0)
            + (example.TryGetProperty("functions", out var functions) ? tokens.CountValue(functions) : 0);
        if (count > maxTokensPerExample)
        {
            broken.Add(Rules.ExampleTooLong);
        }

        return new ExampleVerdict(broken, format, count);
    }

    /// <summary>Checks a <c>messages</c> list; returns its messages (none when it is not a list, or empty).</summary>
    private static List<JsonElement> CheckConversation(JsonElement messages, bool hasTools, HashSet<Rule> broken)
    {
        if (messages.ValueKind != JsonValueKind.Array || messages.GetArrayLength() == 0)
        {
            broken.Add(Rules.MissingMessagesList);
            return [];
        }

        var list = messages.EnumerateArray().ToList();
        foreach (var message in list)
        {
            CheckMessage(message, hasTools, broken);
        }

        var roles = list.Select(RoleOf).ToHashSet();
        if (!roles.Contains("system"))
        {
            broken.Add(Rules.MissingSystemMessage);
        }

        if (!roles.Contains("user"))
        {
            broken.Add(Rules.MissingUserMessage);
        }

        return list;
    }

    private static List<JsonElement> CheckPreferencePair(JsonElement example, HashSet<Rule> broken)
    {
        var hasTools = example.TryGetProperty("input", out var input) && input.ValueKind == JsonValueKind.Object
            && input.TryGetProperty("tools", out var tools) && tools.ValueKind == JsonValueKind.Array;
        List<JsonElement> prompt = [];
        if (input.ValueKind == JsonValueKind.Object && input.TryGetProperty("messages", out var messages)
            && messages.ValueKind == JsonValueKind.Array && messages.GetArrayLength() > 0)
        {
            prompt = CheckConversation(messages, hasTools, broken);
        }
        else
        {
            broken.Add(Rules.PreferenceMissingInput);
        }

        var outputs = new List<JsonElement>();
        foreach (var side in new[] { "preferred_output", "non_preferred_output" })
        {
            if (!example.TryGetProperty(side, out var output) || output.ValueKind != JsonValueKind.Array || output.GetArrayLength() == 0
                || output.EnumerateArray().Any(m => RoleOf(m) != "assistant"))
            {
                broken.Add(Rules.PreferenceMissingOutput);
                continue;
            }

            foreach (var message in output.EnumerateArray())
            {
                CheckMessage(message, hasTools, broken);
                outputs.Add(message);
            }
        }

        return [.. prompt, .. outputs];
    }

    private static void CheckMessage(JsonElement message, bool hasTools, HashSet<Rule> broken)
    {
        if (message.ValueKind != JsonValueKind.Object)
        {
            broken.Add(Rules.MessageMissingKey);
            return;
        }

        var keys = hasTools ? ToolMessageKeys : MessageKeys;
        if (message.EnumerateObject().Any(p => !keys.Contains(p.Name)))
        {
            broken.Add(Rules.MessageUnrecognizedKey);
        }

        var role = RoleOf(message);
        if (!message.TryGetProperty("role", out _))
        {
            broken.Add(Rules.MessageMissingKey);
        }
        else if (role is null || !(hasTools ? ToolRoles : Roles).Contains(role))
        {
            // Present but not one of the roles (a number is not one either).
            broken.Add(Rules.UnrecognizedRole);
        }

        // A message that calls a function or a tool may carry no content (null or absent).
        var calls = IsPresent(message, "function_call") || (hasTools && IsPresent(message, "tool_calls"));
        if (!message.TryGetProperty("content", out var content))
        {
            if (!calls)
            {
                broken.Add(Rules.MessageMissingKey);
            }
        }
        else if (!IsText(content) && !(calls && (content.ValueKind == JsonValueKind.Null || IsEmptyString(content))))
        {
            broken.Add(Rules.MissingContent);
        }

        if (message.TryGetProperty("weight", out var weight)
            && !(weight.ValueKind == JsonValueKind.Number && weight.TryGetDouble(out var w) && (w == 0 || w == 1)))
        {
            broken.Add(Rules.InvalidWeight);
        }
    }

    /// <summary>A non-empty string, or a non-empty list of typed content parts (a text part with its text).</summary>
    private static bool IsText(JsonElement content) => content.ValueKind switch
    {
        JsonValueKind.String => content.GetString()!.Length > 0,
        JsonValueKind.Array => content.GetArrayLength() > 0 && content.EnumerateArray().All(IsPart),
        _ => false,
    };

    private static bool IsPart(JsonElement part) =>
        part.ValueKind == JsonValueKind.Object && part.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String
        && (type.GetString() != "text" || (part.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String));

    private static bool IsEmptyString(JsonElement content) => content.ValueKind == JsonValueKind.String && content.GetString()!.Length == 0;

    private static bool IsPresent(JsonElement message, string key) =>
        message.TryGetProperty(key, out var value) && value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined);

    private static string? RoleOf(JsonElement message) =>
        message.ValueKind == JsonValueKind.Object && message.TryGetProperty("role", out var role) && role.ValueKind == JsonValueKind.String
            ? role.GetString()
            : null;
}
