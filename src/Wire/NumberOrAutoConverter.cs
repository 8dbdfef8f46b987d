using System.Text.Json;
using System.Text.Json.Serialization;

namespace FineTuneWorkflows.Wire;

public sealed class NumberOrAutoConverter : JsonConverter<NumberOrAuto>
{
    public override NumberOrAuto Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType switch
        {
            JsonTokenType.Number => NumberOrAuto.Of(reader.GetDouble()),
            JsonTokenType.String when reader.ValueTextEquals("auto") => NumberOrAuto.Auto,
            _ => throw new JsonException(
                $"a hyperparameter must be a number or \"auto\", not {Describe(ref reader)}"),
        };

    public override void Write(Utf8JsonWriter writer, NumberOrAuto value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value.Value is { } number)
        {
            // Integers stay integers on the wire ("n_epochs": 3, not 3.0).
            if (number == Math.Floor(number) && Math.Abs(number) < 1e15)
            {
                writer.WriteNumberValue((long)number);
            }
            else
            {
                writer.WriteNumberValue(number);
            }
        }
        else
        {
            writer.WriteStringValue("auto");
        }
    }

    private static string Describe(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.String => $"the string \"{reader.GetString()}\"",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.Null => "null",
        _ => reader.TokenType.ToString(),
    };
}
