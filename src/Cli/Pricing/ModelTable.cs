using System.Text.Json;
using System.Text.Json.Serialization;

namespace FineTuneWorkflows.Cli.Pricing;

/// <summary>
/// Base models by name prefix, dated: prices change, so the table says when it was true and can
/// be replaced by a file of the same shape (<c>--prices</c>).
/// </summary>
public sealed record ModelTable(
    [property: JsonPropertyName("as_of")] string AsOf,
    [property: JsonPropertyName("source")] string? Source,
    [property: JsonPropertyName("models")] IReadOnlyList<ModelInfo> Models)
{
    /// <summary>For a model the table does not know: the newest encoding, the smallest common limit, no price.</summary>
    public static readonly ModelInfo Unknown = new("", "o200k_base", 16385, null);

    /// <summary>No training is priced near this; a larger figure is a typo, and would overflow the bill.</summary>
    private const decimal MaxUsdPerMillion = 1_000_000m;

    private const string ShippedResource = "FineTuneWorkflows.Cli.Pricing.models.json";

    public static ModelTable Shipped()
    {
        using var stream = typeof(ModelTable).Assembly.GetManifestResourceStream(ShippedResource)
            ?? throw new InvalidOperationException($"The shipped model table {ShippedResource} is missing from the build.");
        return Read(stream, "the shipped model table");
    }

    public static ModelTable Load(string path)
    {
        using var stream = File.OpenRead(path);
        return Read(stream, path);
    }

    /// <summary>
    /// The entry whose prefix is the longest that <paramref name="model"/> starts with, so that
    /// <c>gpt-4o-mini-2024-07-18</c> is gpt-4o-mini, not gpt-4o. A fine-tuned model
    /// (<c>ft:BASE:org::id</c>) is priced as its base.
    /// </summary>
    public ModelInfo? Find(string model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var name = model.StartsWith("ft:", StringComparison.Ordinal) ? model[3..].Split(':')[0] : model;
        return Models
            .Where(m => name.StartsWith(m.Prefix, StringComparison.OrdinalIgnoreCase))
            .MaxBy(m => m.Prefix.Length);
    }

    private static ModelTable Read(Stream stream, string what)
    {
        ModelTable? table;
        try
        {
            table = JsonSerializer.Deserialize<ModelTable>(stream);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{what} is not a model table: {e.Message}", e);
        }

        if (table is null || string.IsNullOrWhiteSpace(table.AsOf) || table.Models is null)
        {
            throw new InvalidDataException($"{what} is not a model table: it needs \"as_of\" and \"models\".");
        }

        if (table.Models.Any(m => m is null))
        {
            throw new InvalidDataException($"{what}: an entry of \"models\" is null.");
        }

        var bad = table.Models.FirstOrDefault(m => string.IsNullOrEmpty(m.Prefix) || m.MaxTokensPerExample < 1
            || m.UsdPerMillionTrainingTokens is < 0 or > MaxUsdPerMillion || m.Encoding is not ("o200k_base" or "cl100k_base"));
        if (bad is not null)
        {
            throw new InvalidDataException($"{what}: the entry for '{bad.Prefix}' needs a prefix, a limit of at least 1, a price from 0 to {MaxUsdPerMillion:N0} (or null), and the encoding o200k_base or cl100k_base.");
        }

        return table;
    }
}
