using CsCheck;
using FineTuneWorkflows.Workflows.Slots;

namespace FineTuneWorkflows.Tests.Slots;

/// <summary>The slot rule: never past the limit, first come first served, nothing lost on release.</summary>
public class SlotBookTests
{
    [Fact]
    public void Requests_BeyondTheLimit_WaitInArrivalOrder()
    {
        var book = SlotBook.Empty(2);
        (book, var a) = book.Request("a", 2);
        (book, var b) = book.Request("b", 2);
        (book, var c) = book.Request("c", 2);
        (book, var d) = book.Request("d", 2);

        Assert.Equal(["a"], a);
        Assert.Equal(["b"], b);
        Assert.Empty(c);
        Assert.Empty(d);
        Assert.Equal(["a", "b"], book.Holders);
        Assert.Equal(["c", "d"], book.Waiting);
    }

    [Fact]
    public void Release_PassesTheSlotToTheHeadOfTheLine()
    {
        var book = new SlotBook(2, ["a", "b"], ["c", "d"]);

        var (after, granted) = book.Release("b");

        Assert.Equal(["c"], granted);
        Assert.Equal(["a", "c"], after.Holders);
        Assert.Equal(["d"], after.Waiting);
    }

    [Fact]
    public void Release_OfOneWaiting_LeavesTheLineWithoutGranting()
    {
        var (after, granted) = new SlotBook(1, ["a"], ["b", "c"]).Release("b");

        Assert.Empty(granted);
        Assert.Equal(["a"], after.Holders);
        Assert.Equal(["c"], after.Waiting);
    }

    [Fact]
    public void Release_OfSeveralClosed_GrantsAsManyAsFreed()
    {
        var (after, granted) = new SlotBook(3, ["a", "b", "c"], ["d", "e", "f", "g"]).Release(["a", "c", "unknown"]);

        Assert.Equal(["d", "e"], granted);
        Assert.Equal(["b", "d", "e"], after.Holders);
        Assert.Equal(["f", "g"], after.Waiting);
    }

    [Fact]
    public void Request_ByAHolder_IsGrantedAgainWithoutASecondSlot()
    {
        var (after, granted) = new SlotBook(2, ["a"], []).Request("a", 2);

        Assert.Equal(["a"], granted);
        Assert.Equal(["a"], after.Holders);
    }

    [Fact]
    public void Request_ByOneWaiting_KeepsItsPlace()
    {
        var (after, granted) = new SlotBook(1, ["a"], ["b", "c"]).Request("c", 1);

        Assert.Empty(granted);
        Assert.Equal(["b", "c"], after.Waiting);
    }

    [Fact]
    public void RaisedLimit_GrantsToThoseWaiting_LoweredRevokesNothing()
    {
        var (raised, granted) = new SlotBook(1, ["a"], ["b", "c"]).Request("d", 3);
        var (lowered, none) = new SlotBook(3, ["a", "b", "c"], []).Request("d", 1);

        Assert.Equal(["b", "c"], granted);
        Assert.Equal(["a", "b", "c"], raised.Holders);
        Assert.Equal(["d"], raised.Waiting);
        Assert.Empty(none);
        Assert.Equal(["a", "b", "c"], lowered.Holders);
        Assert.Equal(["d"], lowered.Waiting);
    }

    [Fact]
    public void Request_WithoutAWorkflowId_IsRefused() =>
        Assert.Throws<ArgumentNullException>(() => SlotBook.Empty(1).Request(null!, 1));

    [Fact]
    public void IsIdle_OnlyWithNobodyHoldingOrWaiting()
    {
        Assert.True(SlotBook.Empty(1).IsIdle);
        Assert.False(new SlotBook(1, ["a"], []).IsIdle);
        Assert.False(new SlotBook(1, [], ["a"]).IsIdle);
    }

    /// <summary>
    /// Any sequence of requests and releases, against a plain model of a line (a list) and the
    /// holders (a set): the same grants, the same line in the same order; and at every step holders
    /// never exceed the limit, no one both holds and waits, and no slot is free while someone waits.
    /// </summary>
    [Fact]
    public void AnySequence_MatchesALineModel_AndKeepsTheLimit()
    {
        var step = Gen.Select(Gen.Bool, Gen.Int[0, 9]);
        Gen.Select(Gen.Int[1, 4], step.Array[0, 60]).Sample((limit, steps) =>
        {
            var book = SlotBook.Empty(limit);
            var holding = new HashSet<string>();
            var line = new List<string>();
            foreach (var (isRequest, n) in steps)
            {
                var id = $"wf-{n}";
                var expected = new List<string>();
                if (isRequest && holding.Contains(id))
                {
                    expected.Add(id);
                }
                else if (isRequest && !line.Contains(id))
                {
                    line.Add(id);
                }
                else if (!isRequest)
                {
                    holding.Remove(id);
                    line.Remove(id);
                }

                while (holding.Count < limit && line.Count > 0)
                {
                    holding.Add(line[0]);
                    expected.Add(line[0]);
                    line.RemoveAt(0);
                }

                (book, var granted) = isRequest ? book.Request(id, limit) : book.Release(id);

                Assert.Equal(expected, granted);
                Assert.Equal(holding.Order(), book.Holders.Order());
                Assert.Equal(line, book.Waiting);
                Assert.True(book.Holders.Count <= limit);
                Assert.Empty(book.Holders.Intersect(book.Waiting));
                Assert.True(book.Waiting.Count == 0 || book.Holders.Count == limit, "a slot is free while someone waits");
            }
        });
    }
}
