using System.Text.Json;

namespace FineTuneWorkflows.Starter.Api;

/// <summary>
/// The fields of a create body and the JSON type each must have, checked on the parsed document
/// so that a wrong type is reported with the field's name and what was expected, in the words
/// of the provider's own errors, instead of a serializer's message about .NET types.
/// </summary>
public static class CreateRequestShape
{
    /// <summary>
    /// <c>model</c> becomes the <c>FineTuneModel</c> keyword search attribute at start, and
    /// Temporal refuses a start whose attribute is too long; OpenAI's model ids are far shorter.
    /// The other fields Temporal keeps (the files and suffix, in the memo) are limited by
    /// <see cref="Activities.Provider.RequestValidation"/>.
    /// </summary>
    public const int MaxModelLength = 256;

    /// <summary>
    /// OpenAI's documented range for <c>seed</c> (its OpenAPI document, and the <c>int</c> of its
    /// SDKs): a seed outside it would start a workflow only for the provider to refuse the create.
    /// </summary>
    public const long MinSeed = 0;

    public const long MaxSeed = int.MaxValue;

    private static readonly string[] Required = ["model", "training_file"];
    private static readonly string[] HyperparameterNames = ["n_epochs", "batch_size", "learning_rate_multiplier", "beta"];

    private static readonly Dictionary<string, Func<JsonElement, string?>> Fields = new(StringComparer.Ordinal)
    {
        ["model"] = value => Expect(value, JsonValueKind.String, "a string"),
        ["training_file"] = value => Expect(value, JsonValueKind.String, "a string"),
        ["validation_file"] = value => ExpectOrNull(value, JsonValueKind.String, "a string"),
        ["suffix"] = value => ExpectOrNull(value, JsonValueKind.String, "a string"),
        ["seed"] = value => value.ValueKind is JsonValueKind.Null || (value.ValueKind is JsonValueKind.Number && value.TryGetInt64(out _)) ? null : "an integer",
        ["hyperparameters"] = value => ExpectOrNull(value, JsonValueKind.Object, "an object"),
        ["method"] = value => ExpectOrNull(value, JsonValueKind.Object, "an object"),
        ["integrations"] = value => ExpectOrNull(value, JsonValueKind.Array, "an array"),
        ["metadata"] = value => ExpectOrNull(value, JsonValueKind.Object, "an object"),
    };

    public static IReadOnlyCollection<string> KnownFields => Fields.Keys;

    public static ShapeProblem? FindProblem(JsonElement root)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in root.EnumerateObject())
        {
            if (!Fields.TryGetValue(property.Name, out var check))
            {
                return new ShapeProblem(property.Name, $"Unrecognized request argument supplied: {property.Name}", "unknown_parameter");
            }

            if (!seen.Add(property.Name))
            {
                return new ShapeProblem(property.Name, $"Duplicate request argument supplied: {property.Name}", "duplicate_parameter");
            }

            if (check(property.Value) is { } expected)
            {
                return WrongType(property.Name, expected, property.Value);
            }
        }

        foreach (var name in Required)
        {
            if (!seen.Contains(name))
            {
                return new ShapeProblem(name, $"Missing required parameter: '{name}'.", "missing_required_parameter");
            }
        }

        return FindBeyondLimits(root) ?? FindInMetadata(root) ?? FindInHyperparameters(root);
    }

    /// <summary>Values of the right type that are still out of bounds; by now every field present has its type.</summary>
    private static ShapeProblem? FindBeyondLimits(JsonElement root)
    {
        var length = root.GetProperty("model").GetString()!.Length;
        if (length > MaxModelLength)
        {
            return new ShapeProblem("model", $"'model' is {length} characters; at most {MaxModelLength} are allowed.", "invalid_value");
        }

        return root.TryGetProperty("seed", out var seed) && seed.ValueKind == JsonValueKind.Number && seed.GetInt64() is < MinSeed or > MaxSeed
            ? new ShapeProblem("seed", $"Invalid value for 'seed': must be a whole number from {MinSeed} to {MaxSeed}, not {seed.GetInt64()}.", "invalid_value")
            : null;
    }

    private static ShapeProblem? FindInMetadata(JsonElement root)
    {
        if (!root.TryGetProperty("metadata", out var metadata) || metadata.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var pair in metadata.EnumerateObject())
        {
            if (pair.Value.ValueKind != JsonValueKind.String)
            {
                return WrongType($"metadata.{pair.Name}", "a string", pair.Value);
            }
        }

        return null;
    }

    /// <summary>Every place hyperparameters can be given: top level and per method.</summary>
    private static ShapeProblem? FindInHyperparameters(JsonElement root)
    {
        var places = new List<(string Param, JsonElement Value)>();
        if (root.TryGetProperty("hyperparameters", out var top) && top.ValueKind == JsonValueKind.Object)
        {
            places.Add(("hyperparameters", top));
        }

        if (root.TryGetProperty("method", out var method) && method.ValueKind == JsonValueKind.Object)
        {
            foreach (var kind in (string[])["supervised", "dpo"])
            {
                if (method.TryGetProperty(kind, out var settings) && settings.ValueKind == JsonValueKind.Object
                    && settings.TryGetProperty("hyperparameters", out var nested) && nested.ValueKind == JsonValueKind.Object)
                {
                    places.Add(($"method.{kind}.hyperparameters", nested));
                }
            }
        }

        foreach (var (param, hyperparameters) in places)
        {
            foreach (var name in HyperparameterNames)
            {
                if (hyperparameters.TryGetProperty(name, out var value) && !IsNumberOrAuto(value))
                {
                    return new ShapeProblem(
                        $"{param}.{name}",
                        $"Invalid type for '{param}.{name}': must be a number or \"auto\", but got {DescribeValue(value)}.",
                        "invalid_type");
                }
            }
        }

        return null;
    }

    private static bool IsNumberOrAuto(JsonElement value) =>
        value.ValueKind == JsonValueKind.Number || (value.ValueKind == JsonValueKind.String && value.ValueEquals("auto"));

    private static string? Expect(JsonElement value, JsonValueKind kind, string expected) =>
        value.ValueKind == kind ? null : expected;

    private static string? ExpectOrNull(JsonElement value, JsonValueKind kind, string expected) =>
        value.ValueKind is JsonValueKind.Null || value.ValueKind == kind ? null : expected;

    private static ShapeProblem WrongType(string param, string expected, JsonElement value) =>
        value.ValueKind == JsonValueKind.Null && Required.Contains(param)
            ? new ShapeProblem(param, $"Missing required parameter: '{param}'.", "missing_required_parameter")
            : new ShapeProblem(param, $"Invalid type for '{param}': expected {expected}, but got {DescribeValue(value)} instead.", "invalid_type");

    private static string DescribeValue(JsonElement value) =>
        value.ValueKind == JsonValueKind.String ? $"the string \"{Shorten(value.GetString()!)}\"" : JsonKinds.Describe(value);

    private static string Shorten(string text) => text.Length <= 40 ? text : string.Concat(text.AsSpan(0, 40), "…");
}
