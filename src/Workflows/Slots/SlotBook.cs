namespace FineTuneWorkflows.Workflows.Slots;

/// <summary>
/// The slots of one provider and model at this deployment, with no I/O: which fine-tunes hold one
/// (by workflow id, which survives continue-as-new and resets) and which wait, in arrival order.
/// Every change returns the new book and the fine-tunes granted a slot by it; a grant only ever
/// goes to the head of the line, and never past the limit.
/// </summary>
/// <param name="Limit">Slots in all; the latest request's (a lowered limit revokes nothing: it only grants less).</param>
public sealed record SlotBook(int Limit, IReadOnlyList<string> Holders, IReadOnlyList<string> Waiting)
{
    public static SlotBook Empty(int limit) => new(limit, [], []);

    public bool IsIdle => Holders.Count == 0 && Waiting.Count == 0;

    /// <summary>
    /// A fine-tune asks for a slot. One that holds one already is granted it again (a reset run
    /// asks anew, and may not have heard the first grant); one already waiting keeps its place.
    /// </summary>
    public (SlotBook Book, IReadOnlyList<string> Granted) Request(string workflowId, int limit)
    {
        ArgumentNullException.ThrowIfNull(workflowId);
        var book = this with { Limit = limit };
        if (Holders.Contains(workflowId, StringComparer.Ordinal))
        {
            return (book, [workflowId]);
        }

        return Waiting.Contains(workflowId, StringComparer.Ordinal)
            ? book.Fill()
            : (book with { Waiting = [.. Waiting, workflowId] }).Fill();
    }

    /// <summary>Fine-tunes that no longer need a slot (ended, cancelled, closed): held slots pass to those waiting.</summary>
    public (SlotBook Book, IReadOnlyList<string> Granted) Release(params IEnumerable<string> workflowIds)
    {
        var gone = workflowIds.ToHashSet(StringComparer.Ordinal);
        return (this with
        {
            Holders = [.. Holders.Where(h => !gone.Contains(h))],
            Waiting = [.. Waiting.Where(w => !gone.Contains(w))],
        }).Fill();
    }

    private (SlotBook Book, IReadOnlyList<string> Granted) Fill()
    {
        var free = Math.Max(0, Limit - Holders.Count);
        var granted = Waiting.Take(free).ToList();
        return (this with { Holders = [.. Holders, .. granted], Waiting = [.. Waiting.Skip(granted.Count)] }, granted);
    }
}
