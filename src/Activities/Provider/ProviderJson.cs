using System.Text.Json.Serialization;

namespace FineTuneWorkflows.Activities.Provider;

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
public sealed partial class ProviderJson : JsonSerializerContext;
