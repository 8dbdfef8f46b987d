namespace FineTuneWorkflows.Wire;

/// <summary>The provider's cursor paging, for anything that serves lists in its shape.</summary>
public static class ListPages
{
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
