using System.Text.Json;
using System.Text.Json.Nodes;
using FineTuneWorkflows.Activities.Provider;
using FineTuneWorkflows.Wire;

namespace FineTuneWorkflows.Tests.Wire;

public class WireModelTests
{
    private const string SeedBody = """
        {
          "model": "gpt-4o-mini-2024-07-18",
          "training_file": "file-BK7bzQj3FfZFXr7DbL6xJwfo",
          "validation_file": "file-val123",
          "suffix": "support-bot",
          "seed": 42,
          "hyperparameters": { "n_epochs": "auto", "batch_size": 8, "learning_rate_multiplier": 0.5 },
          "integrations": [ { "type": "wandb", "wandb": { "project": "p", "name": "n", "entity": "e", "tags": ["a", "b"] } } ],
          "metadata": { "team": "ml", "ticket": "42" },
          "method": { "type": "dpo", "dpo": { "hyperparameters": { "beta": "auto", "n_epochs": 2 } } },
          "future_field": { "nested": [1, 2] }
        }
        """;

    [Fact]
    public void CreateRequest_EveryFieldOfTheSeed_RoundTripsUnchanged()
    {
        var request = JsonSerializer.Deserialize(SeedBody, WireJson.Default.CreateFineTuningJobRequest)!;
        var written = JsonSerializer.Serialize(request, WireJson.Default.CreateFineTuningJobRequest);

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(SeedBody), JsonNode.Parse(written)), written);
        Assert.True(request.Hyperparameters!.NEpochs!.Value.IsAuto);
        Assert.Equal(8, request.Hyperparameters.BatchSize!.Value.Value);
        Assert.Equal("p", request.Integrations![0].Wandb!.Project);
    }

    [Fact]
    public void CreateRequest_ThroughTemporalsDefaultConverter_KeepsTheWireNames()
    {
        var request = JsonSerializer.Deserialize(SeedBody, WireJson.Default.CreateFineTuningJobRequest)!;
        var payload = Temporalio.Converters.DataConverter.Default.PayloadConverter.ToPayload(request);
        var json = payload.Data.ToStringUtf8();
        var back = (CreateFineTuningJobRequest)Temporalio.Converters.DataConverter.Default.PayloadConverter.ToValue(payload, typeof(CreateFineTuningJobRequest))!;

        Assert.Contains("\"training_file\":\"file-BK7bzQj3FfZFXr7DbL6xJwfo\"", json, StringComparison.Ordinal);
        Assert.Contains("\"n_epochs\":\"auto\"", json, StringComparison.Ordinal);
        Assert.Equal(
            JsonSerializer.Serialize(request, WireJson.Default.CreateFineTuningJobRequest),
            JsonSerializer.Serialize(back, WireJson.Default.CreateFineTuningJobRequest));
    }

    [Theory]
    [InlineData("\"lots\"", "the string \"lots\"")]
    [InlineData("true", "a boolean")]
    [InlineData("{}", "an object")]
    [InlineData("[3]", "an array")]
    public void Hyperparameter_OfAnUnknownType_FailsWithAClearMessage(string value, string described)
    {
        var body = $$$"""{"model":"m","training_file":"file-1","hyperparameters":{"n_epochs":{{{value}}}}}""";

        var error = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize(body, WireJson.Default.CreateFineTuningJobRequest));

        Assert.Contains("must be a number or \"auto\"", error.Message, StringComparison.Ordinal);
        Assert.Contains(described, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Job_WithUnknownFieldsNullsAndAnUnknownStatus_Reads()
    {
        const string body = """
            {"id":"ftjob-1","object":"fine_tuning.job","created_at":1700000000,"finished_at":null,"error":null,
             "fine_tuned_model":null,"result_files":null,"status":"defrosting","trained_tokens":null,
             "hyperparameters":{"n_epochs":3,"batch_size":"auto","learning_rate_multiplier":1.8},
             "brand_new":{"x":1},"metadata":null}
            """;

        var job = ProviderResponses.Normalize(JsonSerializer.Deserialize(body, WireJson.Default.FineTuningJob)!);

        Assert.Equal("defrosting", job.Status);
        Assert.False(JobStatus.IsTerminal(job.Status!));
        Assert.Empty(job.ResultFiles!);
        Assert.Equal(3, job.Hyperparameters!.NEpochs!.Value.Value);
        Assert.True(job.Extra!.ContainsKey("brand_new"));
    }

    [Fact]
    public void Job_FromVertexThroughPortkey_IsNormalised()
    {
        const string body = """
            {"id":"projects/1/locations/us/tuningJobs/987","object":"finetune","created_at":1700000000123,
             "finished_at":1700000456789,"status":"JOB_STATE_SUCCEEDED","model":"gemini-1.5-flash-002"}
            """;

        var job = ProviderResponses.Normalize(JsonSerializer.Deserialize(body, WireJson.Default.FineTuningJob)!);

        Assert.Equal("fine_tuning.job", job.Object);
        Assert.Equal(1700000000, job.CreatedAt);
        Assert.Equal(1700000456, job.FinishedAt);
        Assert.Equal(JobStatus.Succeeded, job.Status);
        Assert.Empty(job.ResultFiles!);
    }

    [Fact]
    public void ErrorEnvelope_WithANumericCode_ReadsTheCodeAsText()
    {
        var envelope = JsonSerializer.Deserialize("""{"error":{"message":"m","type":"t","param":null,"code":429}}""", WireJson.Default.ErrorEnvelope)!;

        Assert.Equal("429", envelope.Error!.Code);
    }
}
