using FineTuneWorkflows.Cli.Pricing;

namespace FineTuneWorkflows.Tests.Cli;

public class ModelTableTests
{
    [Theory]
    [InlineData("gpt-4o-mini-2024-07-18", "gpt-4o-mini", "o200k_base")]
    [InlineData("gpt-4o-2024-08-06", "gpt-4o", "o200k_base")]
    [InlineData("gpt-4.1-nano-2025-04-14", "gpt-4.1-nano", "o200k_base")]
    [InlineData("gpt-4.1-2025-04-14", "gpt-4.1", "o200k_base")]
    [InlineData("gpt-3.5-turbo-0125", "gpt-3.5-turbo", "cl100k_base")]
    [InlineData("gpt-4-0613", "gpt-4", "cl100k_base")]
    [InlineData("ft:gpt-4o-mini-2024-07-18:my-org::abc123", "gpt-4o-mini", "o200k_base")]
    public void Find_TakesTheLongestPrefix(string model, string prefix, string encoding)
    {
        var found = ModelTable.Shipped().Find(model);

        Assert.NotNull(found);
        Assert.Equal(prefix, found.Prefix);
        Assert.Equal(encoding, found.Encoding);
    }

    [Fact]
    public void Shipped_IsDated_AndPricesTheCommonModels()
    {
        var table = ModelTable.Shipped();

        Assert.Matches(@"^\d{4}-\d{2}-\d{2}$", table.AsOf);
        Assert.Equal(3.00m, table.Find("gpt-4o-mini-2024-07-18")!.UsdPerMillionTrainingTokens);
        Assert.Equal(65536, table.Find("gpt-4o-mini-2024-07-18")!.MaxTokensPerExample);
        Assert.Equal(16385, table.Find("gpt-3.5-turbo-0125")!.MaxTokensPerExample);
    }

    [Fact]
    public void Find_AnUnknownModel_IsNull() => Assert.Null(ModelTable.Shipped().Find("llama-3-70b"));

    [Fact]
    public void Load_AFileOfTheSameShape_ReplacesTheTable()
    {
        var path = Path.GetTempFileName();
        File.WriteAllText(path, """{"as_of":"2027-01-01","models":[{"prefix":"mine","encoding":"cl100k_base","max_tokens_per_example":100,"usd_per_million_training_tokens":1.25}]}""");

        var table = ModelTable.Load(path);

        Assert.Equal("2027-01-01", table.AsOf);
        Assert.Equal(1.25m, table.Find("mine-v2")!.UsdPerMillionTrainingTokens);
        Assert.Null(table.Find("gpt-4o"));
    }

    [Theory]
    [InlineData("""{"models":[]}""", "needs \"as_of\"")]
    [InlineData("""{"as_of":"x","models":[{"prefix":"m","encoding":"p50k_base","max_tokens_per_example":1}]}""", "the entry for 'm'")]
    [InlineData("""{"as_of":"x","models":[{"prefix":"m","encoding":"o200k_base","max_tokens_per_example":0}]}""", "the entry for 'm'")]
    [InlineData("""{"as_of":"x","models":[{"prefix":"m","encoding":"o200k_base","max_tokens_per_example":5,"usd_per_million_training_tokens":-1}]}""", "the entry for 'm'")]
    [InlineData("not json", "is not a model table")]
    [InlineData("""{"as_of":"x","models":[null]}""", "an entry of \"models\" is null")]
    [InlineData("""{"as_of":"x","models":[{"prefix":"m","encoding":"o200k_base","max_tokens_per_example":5,"usd_per_million_training_tokens":1e28}]}""", "the entry for 'm'")]
    public void Load_ABadFile_SaysWhatIsWrong(string json, string expected)
    {
        var path = Path.GetTempFileName();
        File.WriteAllText(path, json);

        var e = Assert.Throws<InvalidDataException>(() => ModelTable.Load(path));

        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }
}
