using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using FineTuneWorkflows.Wire;

namespace FineTuneWorkflows.Starter.Api;

/// <summary>
/// Source-generated serializers for what the API writes. The wire records carry their own
/// <c>JsonPropertyName</c>s, so the API speaks exactly the provider's shape.
/// </summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CreateFineTuningJobRequest))]
[JsonSerializable(typeof(FineTuningJob))]
[JsonSerializable(typeof(ListPage<FineTuningJob>))]
[JsonSerializable(typeof(ListPage<JobEvent>))]
[JsonSerializable(typeof(ErrorEnvelope))]
[JsonSerializable(typeof(JobResultView))]
[JsonSerializable(typeof(CapacityView))]
public sealed partial class StarterJson : JsonSerializerContext
{
    /// <summary>
    /// The context with JSON's own escaping only: the default also escapes quotes and HTML
    /// characters as \u0027 and the like, valid but unreadable for someone reading with curl.
    /// </summary>
    public static StarterJson Api { get; } = new(Configure(new JsonSerializerOptions()));

    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        // The web default reads numbers from strings too, and the OpenAPI document then offers
        // "string" for every integer; create bodies are read strictly, so the document must say so.
        options.NumberHandling = JsonNumberHandling.Strict;
        return options;
    }
}
