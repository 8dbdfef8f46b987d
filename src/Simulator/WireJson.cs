using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using FineTuneWorkflows.Activities.Provider;

namespace FineTuneWorkflows.Simulator;

/// <summary>
/// Serializers for the provider wire model (the records of FineTuneWorkflows.Activities.Provider),
/// with ProviderJson's settings. Reflection-based because the source-generated ProviderJson
/// refuses the model: [JsonExtensionData] on the init-only Hyperparameters.Extra throws
/// "cannot bind with a parameter in the deserialization constructor" for every job type.
/// </summary>
public static class WireJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        PropertyNameCaseInsensitive = false,
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
    };

    /// <summary>OpenAI writes <c>"param": null, "code": null</c> in errors rather than leaving them out.</summary>
    public static readonly JsonTypeInfo<ErrorEnvelope> Envelope = (JsonTypeInfo<ErrorEnvelope>)new JsonSerializerOptions
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
    }.GetTypeInfo(typeof(ErrorEnvelope));

    public static JsonTypeInfo<T> Of<T>() => (JsonTypeInfo<T>)Options.GetTypeInfo(typeof(T));
}
