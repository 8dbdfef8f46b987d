using System.Text.Json;

namespace FineTuneWorkflows.Starter.Api;

/// <summary>Words for JSON values in error messages, as a caller would say them.</summary>
public static class JsonKinds
{
    public static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.Null => "null",
        _ => "an unknown value",
    };

    /// <summary>System.Text.Json ends its messages with "Path: … | LineNumber: …"; the envelope's param says where already.</summary>
    public static string WithoutPosition(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.StartsWith("The JSON value could not be converted to ", StringComparison.Ordinal))
        {
            // The rest names a .NET type, which means nothing to a caller.
            return "the value has the wrong type for this field";
        }

        var at = message.IndexOf(" Path: ", StringComparison.Ordinal);
        return (at < 0 ? message : message[..at]).TrimEnd('.', ' ');
    }
}
