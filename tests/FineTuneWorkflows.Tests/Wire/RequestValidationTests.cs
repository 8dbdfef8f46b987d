using FineTuneWorkflows.Wire;

namespace FineTuneWorkflows.Tests.Wire;

public class RequestValidationTests
{
    private static readonly CreateFineTuningJobRequest Valid = new() { Model = "gpt-4o-mini", TrainingFile = "file-abc" };

    [Fact]
    public void EnsureValid_TheSeedsMinimalBody_Passes() => RequestValidation.EnsureValid(Valid);

    [Theory]
    [InlineData("../files", "training_file")]
    [InlineData("file/abc", "training_file")]
    [InlineData("file abc", "training_file")]
    [InlineData("", "training_file")]
    [InlineData("file-%2e%2e", "training_file")]
    public void EnsureValid_MalformedTrainingFile_NamesTheField(string id, string param)
    {
        var error = Assert.Throws<InvalidRequestException>(() => RequestValidation.EnsureValid(Valid with { TrainingFile = id }));

        Assert.Equal(param, error.Param);
    }

    [Fact]
    public void EnsureValid_SuffixOf65Characters_IsRefused()
    {
        RequestValidation.EnsureValid(Valid with { Suffix = new string('s', 64) });

        var error = Assert.Throws<InvalidRequestException>(() => RequestValidation.EnsureValid(Valid with { Suffix = new string('s', 65) }));

        Assert.Equal("suffix", error.Param);
        Assert.Contains("65 characters", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EnsureValid_SeventeenMetadataPairs_IsRefused()
    {
        var metadata = Enumerable.Range(0, 17).ToDictionary(i => $"k{i}", i => "v");

        var error = Assert.Throws<InvalidRequestException>(() => RequestValidation.EnsureValid(Valid with { Metadata = metadata }));

        Assert.Equal("metadata", error.Param);
    }

    [Fact]
    public void EnsureValid_OversizeMetadataKeyOrValue_IsRefused()
    {
        Assert.Throws<InvalidRequestException>(() => RequestValidation.EnsureValid(Valid with { Metadata = new() { [new string('k', 65)] = "v" } }));
        var error = Assert.Throws<InvalidRequestException>(() => RequestValidation.EnsureValid(Valid with { Metadata = new() { ["k"] = new string('v', 513) } }));
        Assert.Equal("metadata.k", error.Param);
    }

    [Theory]
    [InlineData(0.0, "hyperparameters.n_epochs")]
    [InlineData(2.5, "hyperparameters.n_epochs")]
    public void EnsureValid_NonWholeEpochs_IsRefused(double epochs, string param)
    {
        var error = Assert.Throws<InvalidRequestException>(() => RequestValidation.EnsureValid(Valid with { Hyperparameters = new() { NEpochs = epochs } }));

        Assert.Equal(param, error.Param);
    }

    [Fact]
    public void EnsureValid_UnknownHyperparameter_IsRefused()
    {
        var extra = new Dictionary<string, System.Text.Json.JsonElement> { ["warmup"] = System.Text.Json.JsonDocument.Parse("3").RootElement };

        var error = Assert.Throws<InvalidRequestException>(() => RequestValidation.EnsureValid(Valid with { Hyperparameters = new() { Extra = extra } }));

        Assert.Equal("hyperparameters.warmup", error.Param);
    }

    [Fact]
    public void EnsureValid_UnknownMethodOrIntegration_IsRefused()
    {
        Assert.Equal("method.type", Assert.Throws<InvalidRequestException>(() => RequestValidation.EnsureValid(Valid with { Method = new() { Type = "magic" } })).Param);
        Assert.Equal("integrations[0].type", Assert.Throws<InvalidRequestException>(() => RequestValidation.EnsureValid(Valid with { Integrations = [new() { Type = "mlflow" }] })).Param);
        Assert.Equal("integrations[0].wandb.project", Assert.Throws<InvalidRequestException>(() => RequestValidation.EnsureValid(Valid with { Integrations = [new() { Type = "wandb" }] })).Param);
    }

    [Fact]
    public void EnsureValid_NegativeMethodHyperparameter_NamesTheNestedField()
    {
        var method = new FineTuningMethod { Type = "dpo", Dpo = new() { Hyperparameters = new() { Beta = -1 } } };

        var error = Assert.Throws<InvalidRequestException>(() => RequestValidation.EnsureValid(Valid with { Method = method }));

        Assert.Equal("method.dpo.hyperparameters.beta", error.Param);
    }
}
