using System.Text.Json;
using FineTuneWorkflows.Wire;

namespace FineTuneWorkflows.Tests.Wire;

public class StepFiguresTests
{
    private static StepFigures? Read(string json) => StepFigures.FromEventData(JsonDocument.Parse(json).RootElement);

    [Fact]
    public void FromEventData_OpenAIsNames_ReadsEachFigure()
    {
        Assert.Equal(
            new StepFigures(40, 100, 0.84, 0.9, 0.81),
            Read("""{"step":40,"total_steps":100,"train_loss":0.84,"valid_loss":0.9,"train_mean_token_accuracy":0.81,"full_valid_loss":0.7}"""));
    }

    [Fact]
    public void FromEventData_TheOtherNames_AreReadWhenTheFirstAreMissing()
    {
        // OpenAI sends full_valid_loss at the end of an epoch, and older events name train_accuracy.
        Assert.Equal(new StepFigures(7, null, null, 0.7, 0.6), Read("""{"step":7,"full_valid_loss":0.7,"train_accuracy":0.6}"""));
    }

    [Theory]
    [InlineData("""{"total_steps":100,"train_loss":0.8}""")]
    [InlineData("""{"step":"40"}""")]
    [InlineData("""[1,2]""")]
    [InlineData("""{"step":1e400}""")]
    public void FromEventData_NoNumericStep_IsNone(string json)
    {
        Assert.Null(Read(json));
    }

    [Fact]
    public void FromEventData_AFigurePastDoublesRange_IsLeftOut()
    {
        Assert.Equal(new StepFigures(3, null, null, null, null), Read("""{"step":3,"train_loss":1e400}"""));
    }

    [Fact]
    public void FromEvent_OnlyAMetricsEvent_HasFigures()
    {
        var data = JsonDocument.Parse("""{"step":3}""").RootElement;

        Assert.Equal(3, StepFigures.FromEvent(new JobEvent { Id = "e", Type = "metrics", Data = data })!.Step);
        Assert.Null(StepFigures.FromEvent(new JobEvent { Id = "e", Type = "message", Data = data }));
        Assert.Null(StepFigures.FromEvent(new JobEvent { Id = "e", Type = "metrics" }));
    }

    [Fact]
    public void ToEventData_EveryFigure_InOpenAIsNames_AndReadsBack()
    {
        var figures = new StepFigures(40, 100, 0.84, 0.9, 0.81);

        var data = figures.ToEventData();

        Assert.Equal("""{"step":40,"total_steps":100,"train_loss":0.84,"valid_loss":0.9,"train_mean_token_accuracy":0.81}""", data.GetRawText());
        Assert.Equal(figures, StepFigures.FromEventData(data));
    }

    [Fact]
    public void ToEventData_MissingFigures_AreLeftOut()
    {
        Assert.Equal("""{"step":5}""", new StepFigures(5, null, null, null, null).ToEventData().GetRawText());
    }

    [Theory]
    [InlineData(100L, 0.84049, "Step 40/100: training loss=0.8405")]
    [InlineData(null, 0.5, "Step 40: training loss=0.5000")]
    [InlineData(100L, null, "Step 40/100")]
    public void Message_AsOpenAIWordsIt(long? total, double? loss, string expected)
    {
        Assert.Equal(expected, new StepFigures(40, total, loss, null, null).Message());
    }
}
