using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace FineTuneWorkflows.Wire;

/// <summary>
/// Source-generated serializers for the wire model. Property names come from the records'
/// <c>JsonPropertyName</c> attributes, so Temporal's own converter writes the same shape.
/// </summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    PropertyNameCaseInsensitive = false)]
[JsonSerializable(typeof(CreateFineTuningJobRequest))]
[JsonSerializable(typeof(FineTuningJob))]
[JsonSerializable(typeof(ListPage<FineTuningJob>))]
[JsonSerializable(typeof(ListPage<JobEvent>))]
[JsonSerializable(typeof(ListPage<JobCheckpoint>))]
[JsonSerializable(typeof(ProviderFile))]
[JsonSerializable(typeof(ErrorEnvelope))]
public sealed partial class WireJson : JsonSerializerContext
{
    /// <summary>
    /// For error envelopes as the starter and the simulator write them: <c>param</c> and
    /// <c>code</c> always present, null or not, as OpenAI's are; JSON's own escaping only, so
    /// that quotes in a message stay readable with curl.
    /// </summary>
    public static WireJson Envelope { get; } = new(new JsonSerializerOptions
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
