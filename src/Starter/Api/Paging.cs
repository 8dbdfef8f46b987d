using System.Globalization;
using FineTuneWorkflows.Wire;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FineTuneWorkflows.Starter.Api;

/// <summary>The <c>limit</c> query parameter; the paging itself is <see cref="ListPages"/>.</summary>
public static class Paging
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;

    /// <summary>Absent means the default; anything but a whole number from 1 to 100 is refused.</summary>
    public static JsonHttpResult<ErrorEnvelope>? TryLimit(string? raw, out int limit)
    {
        limit = DefaultLimit;
        if (string.IsNullOrEmpty(raw))
        {
            return null;
        }

        if (!int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxLimit)
        {
            limit = DefaultLimit;
            return ApiErrors.BadRequest("limit", $"Invalid 'limit': expected a whole number from 1 to {MaxLimit}, got '{raw}'.", "invalid_value");
        }

        return null;
    }
}
