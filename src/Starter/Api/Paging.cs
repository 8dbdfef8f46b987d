using System.Globalization;
using FineTuneWorkflows.Activities.Provider;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FineTuneWorkflows.Starter.Api;

/// <summary>The provider's cursor paging: newest first, <c>after</c> names the last item already seen.</summary>
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

    /// <summary>The items after <paramref name="after"/> (from the newest when null; none when unknown), at most <paramref name="limit"/>.</summary>
    public static ListPage<T> Page<T>(IReadOnlyList<T> newestFirst, Func<T, string> id, string? after, int limit)
    {
        ArgumentNullException.ThrowIfNull(newestFirst);
        ArgumentNullException.ThrowIfNull(id);
        var start = 0;
        if (!string.IsNullOrEmpty(after))
        {
            var index = newestFirst.ToList().FindIndex(item => id(item) == after);
            start = index < 0 ? newestFirst.Count : index + 1;
        }

        var rest = newestFirst.Skip(start).ToList();
        return new ListPage<T> { Object = "list", Data = rest.Take(limit).ToList(), HasMore = rest.Count > limit };
    }
}
