using System.Net;
using System.Text;
using FineTuneWorkflows.Tests.Starter.Scripted;

namespace FineTuneWorkflows.Tests.Starter;

/// <summary>
/// What a create answers when the workflow's WaitForJob update ends without a job: cancelled
/// before any create (the job view, cancelled, never a 500), or unable to tell its job from
/// another (a 409 naming the candidates). Temporal is scripted (<see cref="ScriptedTemporal"/>).
/// </summary>
public sealed class CreateOutcomeTests : IAsyncDisposable
{
    private const string Body = """{"model":"gpt-4o-mini","training_file":"file-a"}""";

    private readonly ScriptedTemporal temporal = new();
    private readonly StarterFactory starter;
    private readonly HttpClient http;

    public CreateOutcomeTests()
    {
        starter = new StarterFactory(null, temporal.Client);
        http = starter.CreateAuthorizedClient();
    }

    public async ValueTask DisposeAsync()
    {
        http.Dispose();
        await starter.DisposeAsync();
    }

    private Task<HttpResponseMessage> CreateAsync() =>
        http.PostAsync(StarterCalls.Jobs, new StringContent(Body, Encoding.UTF8, "application/json"), StarterCalls.Ct);

    [Fact]
    public async Task Create_WorkflowCancelledBeforeAnyCreate_AnswersTheJobViewNotAnError()
    {
        temporal.RefuseWith = "FineTuneCancelledBeforeJob";

        using var response = await CreateAsync();
        var text = await response.Content.ReadAsStringAsync(StarterCalls.Ct);

        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        using var job = System.Text.Json.JsonDocument.Parse(text);
        Assert.StartsWith("ftjob-", job.RootElement.GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.Equal("fine_tuning.job", job.RootElement.GetProperty("object").GetString());
    }

    [Fact]
    public async Task Create_JoinsAnOlderWorkflowWhoseUpdateACancelEnded_AnswersTheJobViewNotA500()
    {
        // Workflows of the first version fail WaitForJob with a cancellation when cancelled while
        // creating; the job they then cancel exists, and the caller hears of it, not of a crash.
        const string id = "ftjob-9b048bebe90c3c71c6e9704fb3999734"; // JobIds maps "order-42" here (JobIdsTests).
        temporal.Workflows[id] = new ScriptedWorkflow(id, Temporalio.Api.Enums.V1.WorkflowExecutionStatus.Running, new Dictionary<string, Temporalio.Api.Common.V1.Payload>(), null, Cancelled());
        using var request = new HttpRequestMessage(HttpMethod.Post, StarterCalls.Jobs) { Content = new StringContent(Body, Encoding.UTF8, "application/json") };
        request.Headers.Add("Idempotency-Key", "order-42");

        using var response = await http.SendAsync(request, StarterCalls.Ct);
        var text = await response.Content.ReadAsStringAsync(StarterCalls.Ct);

        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        using var job = System.Text.Json.JsonDocument.Parse(text);
        Assert.Equal(id, job.RootElement.GetProperty("id").GetString());
    }

    /// <summary>A cancellation as it comes back from the server (its constructor is the SDK's own).</summary>
    private static Exception Cancelled() =>
        Temporalio.Converters.DataConverter.Default.FailureConverter.ToException(
            new Temporalio.Api.Failure.V1.Failure { Message = "Workflow cancelled", CanceledFailureInfo = new() },
            Temporalio.Converters.DataConverter.Default.PayloadConverter);

    [Fact]
    public async Task Create_JobsThatCannotBeToldApart_Is409NamingThem()
    {
        temporal.RefuseWith = "FineTuneJobAmbiguous";

        var error = await StarterCalls.ErrorAsync(await CreateAsync(), HttpStatusCode.Conflict);

        Assert.Equal("ambiguous_provider_job", error.Text("code"));
        Assert.Equal("invalid_request_error", error.Text("type"));
        Assert.Contains("FineTuneJobAmbiguous", error.Text("message"), StringComparison.Ordinal);
    }
}
