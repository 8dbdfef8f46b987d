using System.Globalization;

namespace FineTuneWorkflows.Wire;

/// <summary>The provider's cursor paging, for anything that serves lists in its shape.</summary>
public static class ListPages
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;

    /// <summary>
    /// The <c>limit</c> query parameter; null when usable. Absent means <see cref="DefaultLimit"/>.
    /// Above <see cref="MaxLimit"/> is capped where <paramref name="capAboveMax"/> (OpenAI's way, so
    /// the simulator's), else refused (the starter's: it says so rather than give fewer than asked).
    /// </summary>
    public static ErrorEnvelope? ReadLimit(string? raw, bool capAboveMax, out int limit)
    {
        limit = DefaultLimit;
        if (string.IsNullOrEmpty(raw))
        {
            return null;
        }

        var styles = capAboveMax ? NumberStyles.Integer : NumberStyles.None;
        if (!int.TryParse(raw, styles, CultureInfo.InvariantCulture, out var parsed) || parsed < 1 || (parsed > MaxLimit && !capAboveMax))
        {
            return capAboveMax
                ? ErrorEnvelope.Of($"Invalid 'limit': expected an integer of at least 1, got '{raw}'.", ErrorEnvelope.InvalidRequest, "limit")
                : ErrorEnvelope.Of($"Invalid 'limit': expected a whole number from 1 to {MaxLimit}, got '{raw}'.", ErrorEnvelope.InvalidRequest, "limit", "invalid_value");
        }

        limit = Math.Min(parsed, MaxLimit);
        return null;
    }

    /// <summary>
    /// The items after <paramref name="after"/> in a newest-first list (from the newest when it
    /// is null; none when it is unknown), at most <paramref name="limit"/>.
    /// </summary>
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
