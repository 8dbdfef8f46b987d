using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using FineTuneWorkflows.Activities.Provider;

namespace FineTuneWorkflows.Simulator;

/// <summary>
/// The one serializer the simulator needs beyond <see cref="ProviderJson"/>: OpenAI writes
/// <c>"param": null, "code": null</c> in errors rather than leaving them out, and so do we.
/// </summary>
public static class WireJson
{
    public static readonly JsonTypeInfo<ErrorEnvelope> Envelope = (JsonTypeInfo<ErrorEnvelope>)new JsonSerializerOptions
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
    }.GetTypeInfo(typeof(ErrorEnvelope));
}
