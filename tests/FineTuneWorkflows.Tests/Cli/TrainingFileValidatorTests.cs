using FineTuneWorkflows.Cli.Pricing;
using FineTuneWorkflows.Cli.Validation;

namespace FineTuneWorkflows.Tests.Cli;

/// <summary>
/// One fixture per rule (Cli/Fixtures): the lines each rule must name, worked out by reading the
/// fixture, not by running the validator.
/// </summary>
public class TrainingFileValidatorTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string, long, string> Cases => new()
    {
        // fixture, examples, findings as "code:line,line; …" in the report's order
        { "clean.jsonl", 13, "" },
        { "invalid_json.jsonl", 14, "invalid_json:2,3" },
        { "data_type.jsonl", 13, "data_type:1,3" },
        { "missing_messages_list.jsonl", 14, "missing_messages_list:1,2,4" },
        { "message_missing_key.jsonl", 13, "message_missing_key:2,3; missing_system_message:2; missing_user_message:2" },
        { "message_unrecognized_key.jsonl", 13, "message_unrecognized_key:1,2; missing_content:1" },
        { "unrecognized_role.jsonl", 13, "unrecognized_role:2,3; missing_user_message:2" },
        { "missing_content.jsonl", 14, "missing_content:1,2,3" },
        { "invalid_weight.jsonl", 13, "invalid_weight:1,3" },
        { "missing_assistant.jsonl", 12, "example_missing_assistant_message:1" },
        { "dpo.jsonl", 14, "dpo_missing_input:3; dpo_missing_output:4; missing_system_message:1,2,4" },
        { "mixed_formats.jsonl", 13, "mixed_formats:2; missing_system_message:2" },
        { "warnings.jsonl", 13, "empty_line:3; missing_system_message:1; missing_user_message:2" },
        { "too_few_examples.jsonl", 9, "too_few_examples:0" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Validate_Fixture_NamesEachBrokenRuleWithItsLines(string fixture, long examples, string expected)
    {
        var report = await ValidateAsync(Fixture(fixture));

        Assert.Equal(examples, report.Examples);
        Assert.Equal(expected, string.Join("; ", report.Findings.Select(f => $"{f.Rule.Code}:{string.Join(',', f.FirstLines)}")));
        Assert.All(report.Findings, f => Assert.Equal(f.FirstLines.Count, f.Count));
        Assert.Equal(expected.Split("; ").Any(f => f.Length > 0 && Rules.All.First(r => f.StartsWith(r.Code + ":", StringComparison.Ordinal)).Severity == Severity.Error), report.HasErrors);
        // Lines with errors, each once however many rules it breaks (the file-wide rule counts as one).
        Assert.Equal(expected.Split("; ").Where(f => f.Length > 0 && Rules.All.First(r => f.StartsWith(r.Code + ":", StringComparison.Ordinal)).Severity == Severity.Error)
            .SelectMany(f => f[(f.IndexOf(':', StringComparison.Ordinal) + 1)..].Split(',')).Distinct().Count(), report.ErrorLines);
    }

    [Fact]
    public async Task Validate_CleanFile_CountsTokensOfEveryExample()
    {
        var report = await ValidateAsync(Fixture("clean.jsonl"));

        Assert.Equal(ExampleFormat.Supervised, report.Format);
        Assert.True(report.Tokens.Min > 0);
        Assert.True(report.Tokens.Max >= report.Tokens.Min);
        // Thirteen examples: the recipe's default is min(25, 100 // 13) = 7 epochs.
        Assert.Equal(13, report.CountedExamples);
        Assert.Equal(7, report.Estimate.Epochs);
        Assert.True(report.Estimate.EpochsAreDefault);
        Assert.Equal(report.Tokens.Total * 7, report.Estimate.BilledTokens);
    }

    [Fact]
    public async Task Validate_DpoFile_IsDpo_AndOnlyItsGoodPairsAreCounted()
    {
        var report = await ValidateAsync(Fixture("dpo.jsonl"));

        Assert.Equal(ExampleFormat.Dpo, report.Format);
        Assert.Equal(12, report.CountedExamples);
    }

    [Fact]
    public async Task Validate_ExampleOverTheModelsLimit_IsAWarning_AndBilledAtTheLimit()
    {
        // A model whose examples may hold 20 tokens: the clean file's examples all pass it.
        var table = new ModelTable("2026-01-01", null, [new ModelInfo("tiny", "o200k_base", 20, 10m)]);
        await using var file = File.OpenRead(Fixture("clean.jsonl"));

        var report = await TrainingFileValidator.ValidateAsync(file, "clean.jsonl", "tiny-1", table, epochs: 2, cancellationToken: Ct);

        var tooLong = Assert.Single(report.Findings);
        Assert.Equal(Rules.ExampleTooLong, tooLong.Rule);
        Assert.Equal(13, tooLong.Count);
        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], tooLong.FirstLines);
        Assert.False(report.HasErrors);
        Assert.Equal(13 * 20, report.Tokens.Billed);
        Assert.Equal(13 * 20 * 2, report.Estimate.BilledTokens);
        Assert.Equal(520 * 10m / 1_000_000m, report.Estimate.Usd);
    }

    [Fact]
    public async Task Validate_ManyBrokenLines_KeepsTenLineNumbersButCountsThemAll()
    {
        var text = string.Concat(Enumerable.Repeat("[]\n", 25));
        using var file = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text));

        var report = await TrainingFileValidator.ValidateAsync(file, "many", FtwModel, ModelTable.Shipped(), null, cancellationToken: Ct);

        var finding = Assert.Single(report.Findings);
        Assert.Equal(25, finding.Count);
        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], finding.FirstLines);
    }

    [Fact]
    public async Task Validate_ALineLongerThanAllowed_IsReportedWithItsNumber_AndTheRestIsRead()
    {
        var ok = """{"messages":[{"role":"system","content":"s"},{"role":"user","content":"u"},{"role":"assistant","content":"a"}]}""";
        var text = $"{ok}\n{{\"messages\":\"{new string('x', 5000)}\"}}\n{ok}\n" + string.Concat(Enumerable.Repeat(ok + "\n", 10));
        using var file = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text));

        var report = await TrainingFileValidator.ValidateAsync(file, "long", FtwModel, ModelTable.Shipped(), null, maxLineBytes: 1024, cancellationToken: Ct);

        var finding = Assert.Single(report.Findings);
        Assert.Equal(Rules.LineTooLong, finding.Rule);
        Assert.Equal([2], finding.FirstLines);
        Assert.Equal(13, report.Examples);
        Assert.Equal(12, report.CountedExamples);
    }

    internal const string FtwModel = "gpt-4o-mini-2024-07-18";

    internal static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Cli", "Fixtures", name);

    private static async Task<ValidationReport> ValidateAsync(string path)
    {
        await using var file = File.OpenRead(path);
        return await TrainingFileValidator.ValidateAsync(file, path, FtwModel, ModelTable.Shipped(), null, cancellationToken: Ct);
    }
}
