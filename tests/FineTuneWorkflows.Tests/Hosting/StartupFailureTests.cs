using FineTuneWorkflows.Hosting;
using Microsoft.Extensions.Options;

namespace FineTuneWorkflows.Tests.Hosting;

public class StartupFailureTests
{
    [Fact]
    public void Reason_SeveralInvalidSections_AreAllInOneLine()
    {
        var many = new AggregateException(
            new OptionsValidationException("A", typeof(object), ["A:Port must be a number"]),
            new OptionsValidationException("B", typeof(object), ["B:Url is required", "B:Key is empty"]));

        Assert.Equal("configuration: A:Port must be a number; B:Url is required; B:Key is empty", StartupFailure.Reason(many));
    }

    [Fact]
    public void Reason_AnAggregateHoldingABug_IsLeftToCrash()
    {
        // One invalid section beside an InvalidOperationException: the bug must keep its stack trace.
        var mixed = new AggregateException(
            new OptionsValidationException("A", typeof(object), ["A:Port must be a number"]),
            new InvalidOperationException("a bug"));

        Assert.Null(StartupFailure.Reason(mixed));
    }

    [Fact]
    public void Reason_AStartupException_IsItsMessage() =>
        Assert.Equal("temporal: no profile 'x'", StartupFailure.Reason(new StartupException("temporal: no profile 'x'")));

    [Fact]
    public void Reason_AnythingElse_IsABug() =>
        Assert.Null(StartupFailure.Reason(new InvalidOperationException("boom")));

    [Fact]
    public void Read_ABinderFailure_BecomesAStartupException()
    {
        var e = Assert.Throws<StartupException>(() => StartupFailure.Read<int>(() => throw new InvalidOperationException("Failed to convert 'x' to Int32 at Worker:Port")));

        Assert.Equal("configuration: Failed to convert 'x' to Int32 at Worker:Port", e.Message);
    }
}
