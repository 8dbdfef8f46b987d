using System.Globalization;
using FineTuneWorkflows.Activities.Provider;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FineTuneWorkflows.Simulator;

/// <summary>The provider's cursor paging: newest first, <c>after</c> names the last item seen.</summary>
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

    /// <summary>The items after <paramref name="after"/> (from the newest when it is null; nothing when it is unknown), at most <paramref name="limit"/>.</summary>
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
