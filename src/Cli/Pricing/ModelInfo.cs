using System.Text.Json.Serialization;

namespace FineTuneWorkflows.Cli.Pricing;

/// <summary>What the estimate needs to know of a base model: its tokenizer, its per-example limit and its training price.</summary>
public sealed record ModelInfo(
    [property: JsonPropertyName("prefix")] string Prefix,
    [property: JsonPropertyName("encoding")] string Encoding,
    [property: JsonPropertyName("max_tokens_per_example")] int MaxTokensPerExample,
    [property: JsonPropertyName("usd_per_million_training_tokens")] decimal? UsdPerMillionTrainingTokens);
