using System.Globalization;
using FineTuneWorkflows.Wire;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FineTuneWorkflows.Simulator.Api;

/// <summary>The <c>limit</c> query parameter; the paging itself is <see cref="ListPages"/>.</summary>
public static class Paging
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;

    /// <summary>Absent means the default; above the maximum is capped; anything else unusable is an error.</summary>
    public static JsonHttpResult<ErrorEnvelope>? TryLimit(string? raw, out int limit)
    {
        limit = DefaultLimit;
        if (string.IsNullOrEmpty(raw))
        {
            return null;
        }

        if (!int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) || parsed < 1)
        {
            return ApiErrors.BadRequest("limit", $"Invalid 'limit': expected an integer of at least 1, got '{raw}'.");
        }

        limit = Math.Min(parsed, MaxLimit);
        return null;
    }
}
