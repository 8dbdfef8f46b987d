using FineTuneWorkflows.Wire;

namespace FineTuneWorkflows.Tests.Wire;

public class ListPagesTests
{
    private static readonly string[] NewestFirst = ["e", "d", "c", "b", "a"];

    [Theory]
    [InlineData(null, 20)]
    [InlineData("", 20)]
    [InlineData("1", 1)]
    [InlineData("99", 99)]
    [InlineData("100", 100)]
    public void ReadLimit_AUsableValue_IsTakenByBoth(string? raw, int expected)
    {
        foreach (var cap in new[] { true, false })
        {
            Assert.Null(ListPages.ReadLimit(raw, cap, out var limit));
            Assert.Equal(expected, limit);
        }
    }

    [Theory]
    [InlineData("101")]
    [InlineData("5000")]
    public void ReadLimit_AboveTheMaximum_IsCappedWhereAsked(string raw)
    {
        Assert.Null(ListPages.ReadLimit(raw, capAboveMax: true, out var limit));
        Assert.Equal(100, limit);
    }

    [Theory]
    [InlineData("101")]
    [InlineData("0")]
    [InlineData("-3")]
    [InlineData("+7")]
    [InlineData("ten")]
    public void ReadLimit_Refused_SaysTheRangeAndNamesTheParameter(string raw)
    {
        var refusal = ListPages.ReadLimit(raw, capAboveMax: false, out _);

        Assert.NotNull(refusal);
        Assert.Equal($"Invalid 'limit': expected a whole number from 1 to 100, got '{raw}'.", refusal.Error!.Message);
        Assert.Equal("invalid_request_error", refusal.Error.Type);
        Assert.Equal("limit", refusal.Error.Param);
        Assert.Equal("invalid_value", refusal.Error.Code);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-3")]
    [InlineData("ten")]
    public void ReadLimit_WhereCapped_StillRefusesWhatIsNotAPositiveInteger(string raw)
    {
        var refusal = ListPages.ReadLimit(raw, capAboveMax: true, out _);

        Assert.NotNull(refusal);
        Assert.Equal($"Invalid 'limit': expected an integer of at least 1, got '{raw}'.", refusal.Error!.Message);
        Assert.Equal("invalid_request_error", refusal.Error.Type);
        Assert.Equal("limit", refusal.Error.Param);
        Assert.Null(refusal.Error.Code);
    }

    [Fact]
    public void Page_FromTheStart_TakesTheNewestAndSaysThereIsMore()
    {
        var page = ListPages.Page(NewestFirst, s => s, after: null, limit: 2);

        Assert.Equal(["e", "d"], page.Data);
        Assert.True(page.HasMore);
        Assert.Equal("list", page.Object);
    }

    [Fact]
    public void Page_AfterACursor_StartsPastIt()
    {
        var page = ListPages.Page(NewestFirst, s => s, after: "d", limit: 2);

        Assert.Equal(["c", "b"], page.Data);
        Assert.True(page.HasMore);
    }

    [Fact]
    public void Page_TheLastItems_HaveNoMore()
    {
        var page = ListPages.Page(NewestFirst, s => s, after: "c", limit: 2);

        Assert.Equal(["b", "a"], page.Data);
        Assert.False(page.HasMore);
    }

    [Fact]
    public void Page_AfterAnUnknownCursor_IsEmpty_NotTheFirstPageAgain()
    {
        // A cursor that is not in the list must not restart the walk: a client paging
        // through would loop over the same items forever.
        var page = ListPages.Page(NewestFirst, s => s, after: "zz", limit: 2);

        Assert.Empty(page.Data);
        Assert.False(page.HasMore);
    }

    [Fact]
    public void Page_NullArguments_AreRefused()
    {
        Assert.Throws<ArgumentNullException>(() => ListPages.Page<string>(null!, s => s, null, 1));
        Assert.Throws<ArgumentNullException>(() => ListPages.Page(NewestFirst, null!, null, 1));
    }
}
