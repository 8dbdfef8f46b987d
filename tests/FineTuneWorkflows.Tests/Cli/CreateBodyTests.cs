using System.Text.Json.Nodes;
using FineTuneWorkflows.Cli.Commands;

namespace FineTuneWorkflows.Tests.Cli;

/// <summary>What <c>ftw create</c> sends: flags in the create body's own shape; a body file as given.</summary>
public class CreateBodyTests
{
    private static string Json(CreateCommand.Settings settings) => CreateCommand.BodyOf(settings).ToJsonString();

    [Fact]
    public void BodyOf_Flags_AreTheCreateBody_WithHyperparametersInTheMethod()
    {
        var body = Json(new CreateCommand.Settings
        {
            Model = "gpt-4o-mini-2024-07-18", TrainingFile = "file-t", ValidationFile = "file-v", Suffix = "bot", Seed = 42,
            Epochs = "3", BatchSize = "auto", LearningRateMultiplier = "0.5", Metadata = ["team=ml", "run=a=b"],
        });

        Assert.Equal(
            """{"model":"gpt-4o-mini-2024-07-18","training_file":"file-t","validation_file":"file-v","suffix":"bot","seed":42,"method":{"type":"supervised","supervised":{"hyperparameters":{"n_epochs":3,"batch_size":"auto","learning_rate_multiplier":0.5}}},"metadata":{"team":"ml","run":"a=b"}}""",
            body);
    }

    [Fact]
    public void BodyOf_Dpo_PutsBetaUnderDpo()
    {
        var body = Json(new CreateCommand.Settings { Model = "m", TrainingFile = "f", Method = "dpo", Beta = "0.1" });

        Assert.Equal("""{"model":"m","training_file":"f","method":{"type":"dpo","dpo":{"hyperparameters":{"beta":0.1}}}}""", body);
    }

    [Fact]
    public void BodyOf_ABodyFile_IsSentAsGiven_WithFlagsOnTop()
    {
        // A reinforcement body with its grader: nothing ftw knows of it may be lost on the way.
        const string given = """{"model":"o4-mini","training_file":"file-r","method":{"type":"reinforcement","reinforcement":{"grader":{"type":"string_check","name":"exact","input":"{{sample.output_text}}","reference":"{{item.answer}}","operation":"eq"},"hyperparameters":{"reasoning_effort":"low"}}},"x_unknown":[1,2]}""";
        var path = Path.GetTempFileName();
        File.WriteAllText(path, given);

        Assert.Equal(given, Json(new CreateCommand.Settings { Body = path }));

        var withEpochs = JsonNode.Parse(Json(new CreateCommand.Settings { Body = path, Epochs = "2", Suffix = "s" }))!;
        Assert.Equal("s", withEpochs["suffix"]!.GetValue<string>());
        Assert.Equal(2, withEpochs["method"]!["reinforcement"]!["hyperparameters"]!["n_epochs"]!.GetValue<long>());
        Assert.Equal("low", withEpochs["method"]!["reinforcement"]!["hyperparameters"]!["reasoning_effort"]!.GetValue<string>());
        Assert.Equal("eq", withEpochs["method"]!["reinforcement"]!["grader"]!["operation"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("--method", "rlhf", "--method must be supervised, dpo or reinforcement")]
    [InlineData("--metadata", "novalue", "--metadata 'novalue' is not KEY=VALUE")]
    public async Task Create_BadFlag_IsRefusedBeforeAnyCall(string flag, string value, string expected)
    {
        using var http = new HttpClient();
        var ftw = Ftw.Against(new Uri("http://127.0.0.1:1/v1"), http);

        var (exit, _, error) = await ftw.RunAsync("create", "--model", "m", "--training-file", "f", flag, value);

        Assert.Equal(2, exit);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }
}
