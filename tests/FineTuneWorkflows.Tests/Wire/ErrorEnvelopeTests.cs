using System.Text.Json;
using FineTuneWorkflows.Wire;

namespace FineTuneWorkflows.Tests.Wire;

public class ErrorEnvelopeTests
{
    [Fact]
    public void JobNotFound_IsOpenAIsAnswerWordForWord()
    {
        // OpenAI's 404 for an unknown job, as its API returns it.
        const string expected =
            """{"error":{"message":"Could not find fine-tune: ftjob-nope","type":"invalid_request_error","param":"fine_tune_id","code":"fine_tune_not_found"}}""";

        Assert.Equal(expected, JsonSerializer.Serialize(ErrorEnvelope.JobNotFound("ftjob-nope"), WireJson.Envelope.ErrorEnvelope));
    }
}
