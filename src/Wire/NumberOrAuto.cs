using System.Globalization;
using System.Text.Json.Serialization;

namespace FineTuneWorkflows.Wire;

/// <summary>
/// A hyperparameter the provider accepts either as a number or as the string "auto".
/// Anything else is refused while reading, so a bad value never reaches a provider.
/// </summary>
[JsonConverter(typeof(NumberOrAutoConverter))]
public readonly record struct NumberOrAuto
{
    private NumberOrAuto(double? value) => Value = value;

    /// <summary>The number, or null for "auto".</summary>
    public double? Value { get; }

    public bool IsAuto => Value is null;

    public static NumberOrAuto Auto => new(null);

    public static NumberOrAuto Of(double value) =>
        double.IsFinite(value) ? new(value) : throw new ArgumentOutOfRangeException(nameof(value), "must be a finite number");

    public static implicit operator NumberOrAuto(double value) => Of(value);

    public override string ToString() => Value?.ToString(CultureInfo.InvariantCulture) ?? "auto";
}
