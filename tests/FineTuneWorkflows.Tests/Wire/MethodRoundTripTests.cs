using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FineTuneWorkflows.Starter.Api;
using FineTuneWorkflows.Tests.Replay.History;
using FineTuneWorkflows.Tests.Support;
using FineTuneWorkflows.Wire;
using FineTuneWorkflows.Workflows;

namespace FineTuneWorkflows.Tests.Wire;

/// <summary>
/// Every <c>method</c> shape of the create body, through each hand it passes: the starter's
/// reader, Temporal's payload converter (the workflow's input, as history keeps it), and our
/// client to the provider and back. What comes out must be what went in, field for field.
/// </summary>
public class MethodRoundTripTests
{
    public static TheoryData<string> Methods => new()
    {
        """{"type":"supervised","supervised":{"hyperparameters":{"n_epochs":3,"batch_size":"auto","learning_rate_multiplier":0.5}}}""",
        """{"type":"dpo","dpo":{"hyperparameters":{"beta":0.1,"n_epochs":"auto","batch_size":8,"learning_rate_multiplier":"auto"}}}""",
        """
        {"type":"reinforcement","reinforcement":{
          "grader":{"type":"multi","calculate_output":"0.5 * exact + 0.5 * similar","graders":{
            "exact":{"type":"string_check","name":"exact","input":"{{sample.output_text}}","reference":"{{item.answer}}","operation":"eq"},
            "similar":{"type":"text_similarity","name":"similar","input":"{{sample.output_text}}","reference":"{{item.answer}}","evaluation_metric":"fuzzy_match"},
            "code":{"type":"python","name":"code","source":"def grade(sample, item):\n    return 1.0","image_tag":"2025-05-08"},
            "judge":{"type":"score_model","name":"judge","model":"o4-mini","input":[{"role":"user","content":"Score {{sample.output_text}}"}],"range":[0,1],"sampling_params":{"seed":7}}}},
          "hyperparameters":{"n_epochs":2,"batch_size":"auto","compute_multiplier":1.5,"eval_interval":10,"eval_samples":5,"reasoning_effort":"medium"}}}
        """,
    };

    [Theory]
    [MemberData(nameof(Methods))]
    public async Task Method_ThroughStarterWorkflowAndClient_IsUnchanged(string method)
    {
        var body = $$"""{"model":"o4-mini-2025-04-16","training_file":"file-train","method":{{method}}}""";

        // The starter reads the body as a user sent it…
        var read = CreateRequestReader.Judge(Encoding.UTF8.GetBytes(body));
        Assert.Null(read.Error);
        // …the workflow gets it as its input, through Temporal's converter…
        var input = TemporalPayloads.Value<FineTuneInput>(TemporalPayloads.Json(new FineTuneInput { Request = read.Request! }));
        // …and the activity's client sends it to the provider, whose job echoes the method.
        await using var rig = await ProviderRig.StartAsync();
        var created = await rig.Client.CreateJobAsync(input.Request, TestContext.Current.CancellationToken);
        var retrieved = await rig.Client.RetrieveJobAsync(created.Id, TestContext.Current.CancellationToken);

        var sent = JsonNode.Parse(method)!;
        var inWorkflow = JsonSerializer.SerializeToNode(input.Request.Method, WireJson.Default.Options);
        var atProvider = JsonSerializer.SerializeToNode(retrieved.Method, WireJson.Default.Options);
        Assert.True(JsonNode.DeepEquals(sent, inWorkflow), $"the workflow's input says {inWorkflow}");
        Assert.True(JsonNode.DeepEquals(sent, atProvider), $"the provider's job says {atProvider}");
    }
}
