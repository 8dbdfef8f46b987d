using FineTuneWorkflows.Starter.Temporal;
using FineTuneWorkflows.Wire;
using Temporalio.Converters;

namespace FineTuneWorkflows.Tests.Starter;

public class WorkflowDescriptionsTests
{
    // The server's default limit.userMetadataSummarySize: a start whose summary payload is
    // larger is refused, and the API would answer 500 to a request it had judged valid.
    private const int ServerSummaryLimit = 400;

    [Theory]
    [InlineData('m', 't')]
    [InlineData('é', 't')]
    [InlineData('"', 't')]
    public void Summary_LongestAcceptedModelAndFile_FitsTheServersLimit(char modelCharacter, char fileCharacter)
    {
        var request = new CreateFineTuningJobRequest { Model = new string(modelCharacter, 256), TrainingFile = new string(fileCharacter, 256) };

        var summary = WorkflowDescriptions.Summary(request);

        Assert.True(DataConverter.Default.PayloadConverter.ToPayload(summary).CalculateSize() <= ServerSummaryLimit, summary);
        Assert.StartsWith("Fine-tune ", summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Summary_ShortModelAndFile_IsWhole()
    {
        var request = new CreateFineTuningJobRequest { Model = "gpt-4o-mini", TrainingFile = "file-abc" };

        Assert.Equal("Fine-tune gpt-4o-mini on file-abc", WorkflowDescriptions.Summary(request));
    }
}
