using System.Text.Json;
using System.Text.Json.Serialization;
using FineTuneWorkflows.Simulator.Files;
using FineTuneWorkflows.Simulator.Jobs;

namespace FineTuneWorkflows.Simulator;

/// <summary>Serializers for what only the simulator says; the provider's objects use WireJson.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(TrainingStep))]
[JsonSerializable(typeof(FileDeleted))]
[JsonSerializable(typeof(SimulatorStats))]
public sealed partial class SimulatorJson : JsonSerializerContext
{
    public static JsonElement Element(TrainingStep step) => JsonSerializer.SerializeToElement(step, Default.TrainingStep);
}
